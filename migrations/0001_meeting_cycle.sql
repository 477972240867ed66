CREATE TYPE "public"."meeting_kind" AS ENUM('regular', 'thematic', 'combined');--> statement-breakpoint
CREATE TYPE "public"."meeting_status" AS ENUM('scheduled', 'needs_date', 'held', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."attendance_status" AS ENUM('present', 'absent_excused', 'absent_unexcused');--> statement-breakpoint
CREATE TYPE "public"."rsvp_answer" AS ENUM('attend', 'away');--> statement-breakpoint
CREATE TABLE "meetings" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "meetings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"branch_id" bigint NOT NULL,
	"kind" "meeting_kind" DEFAULT 'regular' NOT NULL,
	"period" text NOT NULL,
	"topic" text,
	"date" date,
	"time" text,
	"place" text,
	"status" "meeting_status" DEFAULT 'scheduled' NOT NULL,
	"date_source" text DEFAULT 'rule' NOT NULL,
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"checkin_opened_at" timestamp with time zone,
	"checkin_closed_at" timestamp with time zone,
	"checkin_code" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "prep_meetings" (
	"meeting_id" bigint PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"on_date" date NOT NULL,
	"agenda" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"key_issues" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"preparer_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"recorded_by_member_id" bigint,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "attendance" (
	"meeting_id" bigint NOT NULL,
	"member_id" bigint NOT NULL,
	"status" "attendance_status" NOT NULL,
	"checked_in_at" timestamp with time zone,
	"reason" text,
	"reason_given_at" timestamp with time zone,
	"reason_accepted" boolean,
	"decided_by_member_id" bigint,
	"decided_at" timestamp with time zone,
	"recorded_by_member_id" bigint,
	CONSTRAINT "attendance_pkey" PRIMARY KEY("meeting_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "rsvps" (
	"meeting_id" bigint NOT NULL,
	"member_id" bigint NOT NULL,
	"answer" "rsvp_answer" NOT NULL,
	"reason" text,
	"answered_at" timestamp with time zone NOT NULL,
	"recorded_by_member_id" bigint,
	CONSTRAINT "rsvps_pkey" PRIMARY KEY("meeting_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "conversation_states" (
	"platform" "platform" NOT NULL,
	"external_id" text NOT NULL,
	"flow" text NOT NULL,
	"data" jsonb NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conversation_states_pkey" PRIMARY KEY("platform","external_id")
);
--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_branch_id_org_units_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prep_meetings" ADD CONSTRAINT "prep_meetings_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prep_meetings" ADD CONSTRAINT "prep_meetings_recorded_by_member_id_members_id_fk" FOREIGN KEY ("recorded_by_member_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance" ADD CONSTRAINT "attendance_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance" ADD CONSTRAINT "attendance_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance" ADD CONSTRAINT "attendance_decided_by_member_id_members_id_fk" FOREIGN KEY ("decided_by_member_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance" ADD CONSTRAINT "attendance_recorded_by_member_id_members_id_fk" FOREIGN KEY ("recorded_by_member_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rsvps" ADD CONSTRAINT "rsvps_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rsvps" ADD CONSTRAINT "rsvps_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rsvps" ADD CONSTRAINT "rsvps_recorded_by_member_id_members_id_fk" FOREIGN KEY ("recorded_by_member_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "meetings_branch_period_regular_key" ON "meetings" USING btree ("branch_id","period") WHERE "meetings"."kind" <> 'thematic';--> statement-breakpoint
CREATE INDEX "meetings_date_idx" ON "meetings" USING btree ("date");--> statement-breakpoint
CREATE INDEX "meetings_branch_idx" ON "meetings" USING btree ("branch_id");--> statement-breakpoint
CREATE INDEX "attendance_member_idx" ON "attendance" USING btree ("member_id");