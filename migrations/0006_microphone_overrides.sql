CREATE TYPE "public"."microphone_override" AS ENUM('open', 'closed');--> statement-breakpoint
ALTER TABLE "session_points" ADD COLUMN "microphone" "microphone_override";