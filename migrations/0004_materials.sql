CREATE TYPE "public"."material_audience" AS ENUM('all', 'committee');--> statement-breakpoint
CREATE TYPE "public"."material_status" AS ENUM('scheduled', 'sending', 'sent', 'cancelled');--> statement-breakpoint
CREATE TABLE "material_deliveries" (
	"material_id" bigint NOT NULL,
	"member_id" bigint NOT NULL,
	"branch_id" bigint NOT NULL,
	"outbox_id" bigint,
	"platform" "platform",
	"failure" text,
	"acknowledged_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "material_deliveries_material_member_key" UNIQUE("material_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "material_files" (
	"material_id" bigint PRIMARY KEY NOT NULL,
	"content" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "material_platform_files" (
	"material_id" bigint NOT NULL,
	"platform" "platform" NOT NULL,
	"file_id" text,
	"claimed_at" timestamp with time zone,
	CONSTRAINT "material_platform_files_pkey" PRIMARY KEY("material_id","platform")
);
--> statement-breakpoint
CREATE TABLE "materials" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "materials_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"org_unit_id" bigint NOT NULL,
	"published_by_member_id" bigint,
	"source" text NOT NULL,
	"period" text NOT NULL,
	"title" text NOT NULL,
	"audience" "material_audience" DEFAULT 'all' NOT NULL,
	"scope_unit_ids" jsonb NOT NULL,
	"file_name" text,
	"file_size" integer,
	"mime_type" text,
	"link_url" text,
	"internal_confirmed" boolean DEFAULT false NOT NULL,
	"status" "material_status" NOT NULL,
	"send_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "lane" text DEFAULT 'interactive' NOT NULL;--> statement-breakpoint
ALTER TABLE "material_deliveries" ADD CONSTRAINT "material_deliveries_material_id_materials_id_fk" FOREIGN KEY ("material_id") REFERENCES "public"."materials"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "material_deliveries" ADD CONSTRAINT "material_deliveries_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "material_deliveries" ADD CONSTRAINT "material_deliveries_branch_id_org_units_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "material_deliveries" ADD CONSTRAINT "material_deliveries_outbox_id_outbox_id_fk" FOREIGN KEY ("outbox_id") REFERENCES "public"."outbox"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "material_files" ADD CONSTRAINT "material_files_material_id_materials_id_fk" FOREIGN KEY ("material_id") REFERENCES "public"."materials"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "material_platform_files" ADD CONSTRAINT "material_platform_files_material_id_materials_id_fk" FOREIGN KEY ("material_id") REFERENCES "public"."materials"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "materials" ADD CONSTRAINT "materials_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "materials" ADD CONSTRAINT "materials_published_by_member_id_members_id_fk" FOREIGN KEY ("published_by_member_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "material_deliveries_branch_idx" ON "material_deliveries" USING btree ("material_id","branch_id");--> statement-breakpoint
CREATE INDEX "material_deliveries_outbox_idx" ON "material_deliveries" USING btree ("outbox_id");--> statement-breakpoint
CREATE INDEX "materials_unit_period_idx" ON "materials" USING btree ("org_unit_id","period");--> statement-breakpoint
CREATE INDEX "materials_status_send_idx" ON "materials" USING btree ("status","send_at");