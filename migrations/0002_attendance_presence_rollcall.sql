CREATE TABLE "attendance" (
	"session_id" uuid NOT NULL,
	"point_id" uuid NOT NULL,
	"checked_in_at" timestamp with time zone,
	"last_check_in_at" timestamp with time zone,
	"late" boolean,
	"delegates" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"roster_submitted_at" timestamp with time zone,
	"roster_on_time" boolean,
	"on_duty_at" timestamp with time zone,
	"on_duty_on_time" boolean,
	"absent_reason" text,
	"absent_reported_at" timestamp with time zone,
	"disconnects" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "attendance_session_id_point_id_pk" PRIMARY KEY("session_id","point_id")
);
--> statement-breakpoint
CREATE TABLE "connection_intervals" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"session_id" uuid NOT NULL,
	"point_id" uuid NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"last_seen_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "roll_call_answers" (
	"roll_call_id" uuid NOT NULL,
	"point_id" uuid NOT NULL,
	"answered_at" timestamp with time zone NOT NULL,
	CONSTRAINT "roll_call_answers_roll_call_id_point_id_pk" PRIMARY KEY("roll_call_id","point_id")
);
--> statement-breakpoint
CREATE TABLE "roll_calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"deadline_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"started_by" uuid
);
--> statement-breakpoint
CREATE TABLE "test_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"session_id" uuid NOT NULL,
	"point_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"passed" boolean NOT NULL,
	"source" text NOT NULL,
	"figures" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"note" text
);
--> statement-breakpoint
ALTER TABLE "attendance" ADD CONSTRAINT "attendance_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance" ADD CONSTRAINT "attendance_point_id_points_id_fk" FOREIGN KEY ("point_id") REFERENCES "public"."points"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connection_intervals" ADD CONSTRAINT "connection_intervals_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connection_intervals" ADD CONSTRAINT "connection_intervals_point_id_points_id_fk" FOREIGN KEY ("point_id") REFERENCES "public"."points"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roll_call_answers" ADD CONSTRAINT "roll_call_answers_roll_call_id_roll_calls_id_fk" FOREIGN KEY ("roll_call_id") REFERENCES "public"."roll_calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roll_call_answers" ADD CONSTRAINT "roll_call_answers_point_id_points_id_fk" FOREIGN KEY ("point_id") REFERENCES "public"."points"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roll_calls" ADD CONSTRAINT "roll_calls_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roll_calls" ADD CONSTRAINT "roll_calls_started_by_users_id_fk" FOREIGN KEY ("started_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_runs" ADD CONSTRAINT "test_runs_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_runs" ADD CONSTRAINT "test_runs_point_id_points_id_fk" FOREIGN KEY ("point_id") REFERENCES "public"."points"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "connection_intervals_point_idx" ON "connection_intervals" USING btree ("session_id","point_id");--> statement-breakpoint
CREATE UNIQUE INDEX "connection_intervals_one_open" ON "connection_intervals" USING btree ("session_id","point_id") WHERE "connection_intervals"."closed_at" is null;--> statement-breakpoint
CREATE INDEX "roll_calls_session_idx" ON "roll_calls" USING btree ("session_id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "roll_calls_one_open" ON "roll_calls" USING btree ("session_id") WHERE "roll_calls"."closed_at" is null;--> statement-breakpoint
CREATE INDEX "test_runs_point_idx" ON "test_runs" USING btree ("session_id","point_id","at");