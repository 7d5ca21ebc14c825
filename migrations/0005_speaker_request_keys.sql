CREATE TABLE "speaker_request_keys" (
	"session_id" uuid NOT NULL,
	"point_id" uuid NOT NULL,
	"key" text NOT NULL,
	"entry_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "speaker_request_keys_session_id_point_id_key_pk" PRIMARY KEY("session_id","point_id","key")
);
--> statement-breakpoint
DROP INDEX "speaker_entries_request_key";--> statement-breakpoint
ALTER TABLE "speaker_request_keys" ADD CONSTRAINT "speaker_request_keys_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "speaker_request_keys" ADD CONSTRAINT "speaker_request_keys_point_id_points_id_fk" FOREIGN KEY ("point_id") REFERENCES "public"."points"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "speaker_request_keys" ADD CONSTRAINT "speaker_request_keys_entry_id_speaker_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."speaker_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "speaker_entries" DROP COLUMN "request_key";