CREATE TYPE "public"."speaker_status" AS ENUM('queued', 'speaking', 'spoken', 'withdrawn', 'rejected');--> statement-breakpoint
CREATE TABLE "speaker_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"point_id" uuid NOT NULL,
	"status" "speaker_status" NOT NULL,
	"position" integer,
	"topic" text,
	"agenda_position" integer,
	"origin" text NOT NULL,
	"request_key" text,
	"requested_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"granted_seconds" integer,
	"warned_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"end_reason" text,
	"decided_by" text,
	CONSTRAINT "speaker_entries_position_when_queued" CHECK (("speaker_entries"."status" = 'queued') = ("speaker_entries"."position" is not null)),
	CONSTRAINT "speaker_entries_position_positive" CHECK ("speaker_entries"."position" > 0)
);
--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "speech_seconds" integer DEFAULT 300 NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "speech_warning_seconds" integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "speech_overrun" text DEFAULT 'end' NOT NULL;--> statement-breakpoint
ALTER TABLE "speaker_entries" ADD CONSTRAINT "speaker_entries_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "speaker_entries" ADD CONSTRAINT "speaker_entries_point_id_points_id_fk" FOREIGN KEY ("point_id") REFERENCES "public"."points"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "speaker_entries_one_open_per_point" ON "speaker_entries" USING btree ("session_id","point_id") WHERE "speaker_entries"."status" in ('queued', 'speaking');--> statement-breakpoint
CREATE UNIQUE INDEX "speaker_entries_one_speaker" ON "speaker_entries" USING btree ("session_id") WHERE "speaker_entries"."status" = 'speaking';--> statement-breakpoint
CREATE UNIQUE INDEX "speaker_entries_request_key" ON "speaker_entries" USING btree ("session_id","point_id","request_key") WHERE "speaker_entries"."request_key" is not null;--> statement-breakpoint
CREATE INDEX "speaker_entries_session_idx" ON "speaker_entries" USING btree ("session_id","status");