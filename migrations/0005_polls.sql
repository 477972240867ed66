CREATE TYPE "public"."poll_status" AS ENUM('open', 'closed');--> statement-breakpoint
CREATE TABLE "poll_audience" (
	"poll_id" bigint NOT NULL,
	"member_id" bigint NOT NULL,
	CONSTRAINT "poll_audience_pkey" PRIMARY KEY("poll_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "poll_copies" (
	"poll_id" bigint NOT NULL,
	"member_id" bigint NOT NULL,
	"platform" "platform" NOT NULL,
	"chat_id" text NOT NULL,
	"message_id" text NOT NULL,
	"platform_poll_id" text,
	"stopped_at" timestamp with time zone,
	CONSTRAINT "poll_copies_pkey" PRIMARY KEY("poll_id","member_id","platform"),
	CONSTRAINT "poll_copies_platform_poll_key" UNIQUE("platform","platform_poll_id")
);
--> statement-breakpoint
CREATE TABLE "poll_votes" (
	"poll_id" bigint NOT NULL,
	"voter_key" text NOT NULL,
	"member_id" bigint,
	"option_ids" jsonb NOT NULL,
	"voted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "poll_votes_pkey" PRIMARY KEY("poll_id","voter_key")
);
--> statement-breakpoint
CREATE TABLE "polls" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "polls_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"branch_id" bigint NOT NULL,
	"group_id" bigint,
	"created_by_member_id" bigint,
	"question" text NOT NULL,
	"options" jsonb NOT NULL,
	"multiple_choice" boolean DEFAULT false NOT NULL,
	"anonymous" boolean DEFAULT false NOT NULL,
	"share_results" boolean DEFAULT false NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"status" "poll_status" DEFAULT 'open' NOT NULL,
	"ballot_secret" "bytea",
	"created_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "poll_audience" ADD CONSTRAINT "poll_audience_poll_id_polls_id_fk" FOREIGN KEY ("poll_id") REFERENCES "public"."polls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "poll_audience" ADD CONSTRAINT "poll_audience_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "poll_copies" ADD CONSTRAINT "poll_copies_poll_id_polls_id_fk" FOREIGN KEY ("poll_id") REFERENCES "public"."polls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "poll_copies" ADD CONSTRAINT "poll_copies_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "poll_votes" ADD CONSTRAINT "poll_votes_poll_id_polls_id_fk" FOREIGN KEY ("poll_id") REFERENCES "public"."polls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "poll_votes" ADD CONSTRAINT "poll_votes_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "polls" ADD CONSTRAINT "polls_branch_id_org_units_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "polls" ADD CONSTRAINT "polls_group_id_org_units_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "polls" ADD CONSTRAINT "polls_created_by_member_id_members_id_fk" FOREIGN KEY ("created_by_member_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "poll_votes_poll_idx" ON "poll_votes" USING btree ("poll_id");--> statement-breakpoint
CREATE INDEX "polls_branch_idx" ON "polls" USING btree ("branch_id");--> statement-breakpoint
CREATE INDEX "polls_open_deadline_idx" ON "polls" USING btree ("status","deadline");