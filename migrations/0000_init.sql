CREATE TYPE "public"."point_kind" AS ENUM('central-hall', 'central-body', 'province', 'district', 'commune');--> statement-breakpoint
CREATE TYPE "public"."user_role" AS ENUM('secretariat', 'chair', 'moderator', 'observer');--> statement-breakpoint
CREATE TABLE "points" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" "point_kind" NOT NULL,
	"parent_id" uuid,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "points_code_unique" UNIQUE("code"),
	CONSTRAINT "points_code_format" CHECK ("points"."code" ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
	CONSTRAINT "points_not_own_parent" CHECK ("points"."parent_id" is distinct from "points"."id")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"username" text NOT NULL,
	"display_name" text,
	"password_hash" text NOT NULL,
	"role" "user_role" NOT NULL,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_username_unique" UNIQUE("username")
);
--> statement-breakpoint
ALTER TABLE "points" ADD CONSTRAINT "points_parent_id_points_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."points"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "points_parent_idx" ON "points" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "points_kind_idx" ON "points" USING btree ("kind");