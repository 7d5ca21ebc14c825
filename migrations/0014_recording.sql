CREATE TABLE "recording_parts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"dir" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"status" text DEFAULT 'recording' NOT NULL,
	"end_reason" text,
	"has_video" boolean DEFAULT true NOT NULL,
	CONSTRAINT "recording_parts_seq" UNIQUE("session_id","seq")
);
--> statement-breakpoint
CREATE TABLE "recording_segments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"part_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"file" text NOT NULL,
	"start_ms" integer NOT NULL,
	"duration_ms" integer NOT NULL,
	"bytes" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "recording_segments_seq" UNIQUE("part_id","seq")
);
--> statement-breakpoint
CREATE TABLE "recording_states" (
	"session_id" uuid PRIMARY KEY NOT NULL,
	"wanted" boolean DEFAULT false NOT NULL,
	"record_automatically" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'off' NOT NULL,
	"since" timestamp with time zone DEFAULT now() NOT NULL,
	"error_code" text,
	"reason" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "recording_parts" ADD CONSTRAINT "recording_parts_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recording_segments" ADD CONSTRAINT "recording_segments_part_id_recording_parts_id_fk" FOREIGN KEY ("part_id") REFERENCES "public"."recording_parts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recording_segments" ADD CONSTRAINT "recording_segments_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recording_states" ADD CONSTRAINT "recording_states_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "recording_segments_session_idx" ON "recording_segments" USING btree ("session_id");