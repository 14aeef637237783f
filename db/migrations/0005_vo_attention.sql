ALTER TABLE "votes" ADD COLUMN "attention" jsonb;--> statement-breakpoint
ALTER TABLE "votes" ADD COLUMN "attention_at" timestamp with time zone;