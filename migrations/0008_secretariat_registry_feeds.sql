CREATE TABLE "calendar_feeds" (
	"key" text PRIMARY KEY NOT NULL,
	"point_id" uuid,
	"user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calendar_feeds_one_owner" CHECK (("calendar_feeds"."point_id" is null) <> ("calendar_feeds"."user_id" is null))
);
--> statement-breakpoint
ALTER TABLE "point_credentials" ADD COLUMN "short_code_hash" text;--> statement-breakpoint
ALTER TABLE "points" ADD COLUMN "operator_name" text;--> statement-breakpoint
ALTER TABLE "points" ADD COLUMN "operator_phone" text;--> statement-breakpoint
ALTER TABLE "points" ADD COLUMN "roster" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_point_id_points_id_fk" FOREIGN KEY ("point_id") REFERENCES "public"."points"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_feeds_point_idx" ON "calendar_feeds" USING btree ("point_id");--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_feeds_user_idx" ON "calendar_feeds" USING btree ("user_id");--> statement-breakpoint
ALTER TABLE "point_credentials" ADD CONSTRAINT "point_credentials_short_code_hash_unique" UNIQUE("short_code_hash");