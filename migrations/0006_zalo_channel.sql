ALTER TYPE "public"."outbox_status" ADD VALUE 'held';--> statement-breakpoint
CREATE TABLE "inbound_queue" (
	"platform" "platform" NOT NULL,
	"update_id" text NOT NULL,
	"event" jsonb NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"not_before" timestamp with time zone NOT NULL,
	CONSTRAINT "inbound_queue_pkey" PRIMARY KEY("platform","update_id")
);
--> statement-breakpoint
CREATE TABLE "platform_tokens" (
	"platform" "platform" PRIMARY KEY NOT NULL,
	"access_token" text NOT NULL,
	"refresh_token" text NOT NULL,
	"access_expires_at" timestamp with time zone NOT NULL,
	"refresh_expires_at" timestamp with time zone,
	"rotated_at" timestamp with time zone NOT NULL,
	"dead_at" timestamp with time zone,
	"dead_reason" text
);
--> statement-breakpoint
CREATE INDEX "outbox_open_chat_idx" ON "outbox" USING btree ("platform","chat_id") WHERE "outbox"."status" not in ('sent', 'failed');