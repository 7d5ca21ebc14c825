CREATE TABLE "conclusion_versions" (
	"session_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"text" text NOT NULL,
	"approved_by_id" uuid,
	"approved_by_name" text NOT NULL,
	"approved_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conclusion_versions_session_id_version_pk" PRIMARY KEY("session_id","version"),
	CONSTRAINT "conclusion_versions_positive" CHECK ("conclusion_versions"."version" > 0)
);
--> statement-breakpoint
CREATE TABLE "session_text_saves" (
	"session_id" uuid NOT NULL,
	"document" text NOT NULL,
	"revision" integer NOT NULL,
	"saved_by_name" text NOT NULL,
	"saved_at" timestamp with time zone DEFAULT now() NOT NULL,
	"chars" integer NOT NULL,
	CONSTRAINT "session_text_saves_session_id_document_revision_pk" PRIMARY KEY("session_id","document","revision")
);
--> statement-breakpoint
CREATE TABLE "session_texts" (
	"session_id" uuid NOT NULL,
	"document" text NOT NULL,
	"text" text DEFAULT '' NOT NULL,
	"revision" integer DEFAULT 0 NOT NULL,
	"saved_by_id" uuid,
	"saved_by_name" text,
	"saved_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "session_texts_session_id_document_pk" PRIMARY KEY("session_id","document"),
	CONSTRAINT "session_texts_document" CHECK ("session_texts"."document" in ('minutes', 'conclusions'))
);
--> statement-breakpoint
ALTER TABLE "conclusion_versions" ADD CONSTRAINT "conclusion_versions_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conclusion_versions" ADD CONSTRAINT "conclusion_versions_approved_by_id_users_id_fk" FOREIGN KEY ("approved_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_text_saves" ADD CONSTRAINT "session_text_saves_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_texts" ADD CONSTRAINT "session_texts_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_texts" ADD CONSTRAINT "session_texts_saved_by_id_users_id_fk" FOREIGN KEY ("saved_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;