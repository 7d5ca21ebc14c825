ALTER TYPE "public"."speaker_status" ADD VALUE 'lapsed';--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "cancel_reason" text;