CREATE TYPE "public"."community_level" AS ENUM('city', 'district', 'street', 'community', 'grid', 'building');--> statement-breakpoint
CREATE TABLE "communities" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "communities_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"slug" text NOT NULL,
	"parent_id" integer,
	"level" "community_level" NOT NULL,
	"name" text NOT NULL,
	"name_zh_hant" text,
	"name_en" text,
	"time_zone" text DEFAULT 'Asia/Shanghai' NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "communities_slug_unique" UNIQUE("slug"),
	CONSTRAINT "communities_slug_format" CHECK ("communities"."slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
	CONSTRAINT "communities_not_own_parent" CHECK ("communities"."parent_id" is null or "communities"."parent_id" <> "communities"."id")
);
--> statement-breakpoint
ALTER TABLE "communities" ADD CONSTRAINT "communities_parent_id_communities_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."communities"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "communities_parent_position_idx" ON "communities" USING btree ("parent_id","position","id");