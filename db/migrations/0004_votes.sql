CREATE TABLE "proposal_hearings" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "proposal_hearings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"proposal_id" integer NOT NULL,
	"format" text NOT NULL,
	"held_on" date NOT NULL,
	"summary" text NOT NULL,
	"recorded_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "proposal_hearings_format_known" CHECK ("proposal_hearings"."format" in ('hearing', 'forum', 'expert_review', 'dialogue', 'courtyard'))
);
--> statement-breakpoint
CREATE TABLE "vote_ballots" (
	"id" uuid PRIMARY KEY NOT NULL,
	"vote_id" integer NOT NULL,
	"receipt" text NOT NULL,
	"content" jsonb NOT NULL,
	"cast_on" date NOT NULL,
	CONSTRAINT "vote_ballots_receipt_unique" UNIQUE("vote_id","receipt")
);
--> statement-breakpoint
CREATE TABLE "vote_electorate" (
	"vote_id" integer NOT NULL,
	"user_id" text NOT NULL,
	CONSTRAINT "vote_electorate_vote_id_user_id_pk" PRIMARY KEY("vote_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "vote_open_ballots" (
	"vote_id" integer NOT NULL,
	"user_id" text NOT NULL,
	"content" jsonb NOT NULL,
	"cast_at" timestamp with time zone NOT NULL,
	CONSTRAINT "vote_open_ballots_vote_id_user_id_pk" PRIMARY KEY("vote_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "vote_options" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "vote_options_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"vote_id" integer NOT NULL,
	"label" text NOT NULL,
	"description" text,
	"cost" numeric(14, 2),
	"position" integer NOT NULL,
	CONSTRAINT "vote_options_position_unique" UNIQUE("vote_id","position"),
	CONSTRAINT "vote_options_cost_positive" CHECK ("vote_options"."cost" is null or "vote_options"."cost" > 0)
);
--> statement-breakpoint
CREATE TABLE "vote_paper_batches" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "vote_paper_batches_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"vote_id" integer NOT NULL,
	"label" text NOT NULL,
	"kind" text NOT NULL,
	"counts" jsonb,
	"ballots" jsonb,
	"papers" integer NOT NULL,
	"entered_by" text NOT NULL,
	"entered_at" timestamp with time zone NOT NULL,
	"confirmed_by" text,
	"confirmed_at" timestamp with time zone,
	CONSTRAINT "vote_paper_batches_label_unique" UNIQUE("vote_id","label"),
	CONSTRAINT "vote_paper_batches_kind" CHECK ("vote_paper_batches"."kind" in ('counts', 'ballots')),
	CONSTRAINT "vote_paper_batches_content" CHECK (("vote_paper_batches"."kind" = 'counts' and "vote_paper_batches"."counts" is not null and "vote_paper_batches"."ballots" is null) or ("vote_paper_batches"."kind" = 'ballots' and "vote_paper_batches"."ballots" is not null and "vote_paper_batches"."counts" is null)),
	CONSTRAINT "vote_paper_batches_papers" CHECK ("vote_paper_batches"."papers" > 0),
	CONSTRAINT "vote_paper_batches_two_people" CHECK ("vote_paper_batches"."confirmed_by" <> "vote_paper_batches"."entered_by"),
	CONSTRAINT "vote_paper_batches_confirmed_together" CHECK (("vote_paper_batches"."confirmed_by" is null) = ("vote_paper_batches"."confirmed_at" is null))
);
--> statement-breakpoint
CREATE TABLE "vote_voters" (
	"vote_id" integer NOT NULL,
	"user_id" text NOT NULL,
	"voted_on" date NOT NULL,
	"cast_by" text,
	"consent_note" text,
	CONSTRAINT "vote_voters_vote_id_user_id_pk" PRIMARY KEY("vote_id","user_id"),
	CONSTRAINT "vote_voters_proxy_with_consent" CHECK (("vote_voters"."cast_by" is null) = ("vote_voters"."consent_note" is null))
);
--> statement-breakpoint
CREATE TABLE "votes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "votes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"community_id" integer NOT NULL,
	"proposal_id" integer,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"method" text NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"secret" boolean NOT NULL,
	"show_running" boolean DEFAULT false NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"opened_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"electorate_size" integer,
	"outcome" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "votes_method_known" CHECK ("votes"."method" in ('majority', 'approval', 'score', 'consent', 'irv', 'schulze', 'stv', 'budget')),
	CONSTRAINT "votes_closes_after_opening" CHECK ("votes"."closes_at" > "votes"."opens_at"),
	CONSTRAINT "votes_secret_not_running" CHECK (not ("votes"."secret" and "votes"."show_running")),
	CONSTRAINT "votes_outcome_known" CHECK ("votes"."outcome" is null or "votes"."outcome" in ('adopted', 'rejected', 'decided', 'cancelled'))
);
--> statement-breakpoint
ALTER TABLE "proposal_hearings" ADD CONSTRAINT "proposal_hearings_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_hearings" ADD CONSTRAINT "proposal_hearings_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_ballots" ADD CONSTRAINT "vote_ballots_vote_id_votes_id_fk" FOREIGN KEY ("vote_id") REFERENCES "public"."votes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_electorate" ADD CONSTRAINT "vote_electorate_vote_id_votes_id_fk" FOREIGN KEY ("vote_id") REFERENCES "public"."votes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_electorate" ADD CONSTRAINT "vote_electorate_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_open_ballots" ADD CONSTRAINT "vote_open_ballots_vote_id_votes_id_fk" FOREIGN KEY ("vote_id") REFERENCES "public"."votes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_open_ballots" ADD CONSTRAINT "vote_open_ballots_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_options" ADD CONSTRAINT "vote_options_vote_id_votes_id_fk" FOREIGN KEY ("vote_id") REFERENCES "public"."votes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_paper_batches" ADD CONSTRAINT "vote_paper_batches_vote_id_votes_id_fk" FOREIGN KEY ("vote_id") REFERENCES "public"."votes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_paper_batches" ADD CONSTRAINT "vote_paper_batches_entered_by_users_id_fk" FOREIGN KEY ("entered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_paper_batches" ADD CONSTRAINT "vote_paper_batches_confirmed_by_users_id_fk" FOREIGN KEY ("confirmed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_voters" ADD CONSTRAINT "vote_voters_vote_id_votes_id_fk" FOREIGN KEY ("vote_id") REFERENCES "public"."votes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_voters" ADD CONSTRAINT "vote_voters_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_voters" ADD CONSTRAINT "vote_voters_cast_by_users_id_fk" FOREIGN KEY ("cast_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "votes" ADD CONSTRAINT "votes_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "votes" ADD CONSTRAINT "votes_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "votes" ADD CONSTRAINT "votes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "proposal_hearings_proposal_idx" ON "proposal_hearings" USING btree ("proposal_id","held_on");--> statement-breakpoint
CREATE INDEX "votes_community_idx" ON "votes" USING btree ("community_id","closes_at");--> statement-breakpoint
CREATE UNIQUE INDEX "votes_one_per_proposal" ON "votes" USING btree ("proposal_id") WHERE "votes"."proposal_id" is not null;--> statement-breakpoint
-- Hand-written: what the database itself guarantees about votes (see docs/decisions/0010-secret-ballots.md).
-- A finalised vote (closed_at set) never changes again, and is never deleted.
CREATE FUNCTION "votes_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'votes are never deleted';
  END IF;
  IF OLD.closed_at IS NOT NULL THEN
    RAISE EXCEPTION 'vote % is closed and cannot change', OLD.id;
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "votes_guard" BEFORE UPDATE OR DELETE ON "votes"
  FOR EACH ROW EXECUTE FUNCTION "votes_guard"();
--> statement-breakpoint
-- Whether the vote a row belongs to is finalised.
CREATE FUNCTION "vote_is_closed"(vote integer) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT closed_at IS NOT NULL FROM votes WHERE id = vote
$$;
--> statement-breakpoint
-- The electorate, the voter roll and the hearings are append-only.
CREATE FUNCTION "vote_rows_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "vote_electorate_append_only" BEFORE UPDATE OR DELETE ON "vote_electorate"
  FOR EACH ROW EXECUTE FUNCTION "vote_rows_append_only"();
--> statement-breakpoint
CREATE TRIGGER "vote_voters_append_only" BEFORE UPDATE OR DELETE ON "vote_voters"
  FOR EACH ROW EXECUTE FUNCTION "vote_rows_append_only"();
--> statement-breakpoint
CREATE TRIGGER "proposal_hearings_append_only" BEFORE UPDATE OR DELETE ON "proposal_hearings"
  FOR EACH ROW EXECUTE FUNCTION "vote_rows_append_only"();
--> statement-breakpoint
-- Nobody is added to the roll of a vote that is not open or already finalised.
CREATE FUNCTION "vote_voters_while_open"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM votes WHERE id = NEW.vote_id AND opened_at IS NOT NULL AND closed_at IS NULL) THEN
    RAISE EXCEPTION 'vote % is not open', NEW.vote_id;
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "vote_voters_while_open" BEFORE INSERT ON "vote_voters"
  FOR EACH ROW EXECUTE FUNCTION "vote_voters_while_open"();
--> statement-breakpoint
-- The secret ballot box: a ballot's content may be replaced (by whoever holds its receipt) until the
-- vote is finalised; nothing else of it ever changes. Rows are deleted only by the finalisation of
-- their own vote, which rewrites the box in receipt order (the setting names the vote, for the
-- length of that one transaction) so that neither physical order nor transaction ids recall the
-- order in which ballots were cast.
CREATE FUNCTION "vote_ballots_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  rewriting text := current_setting('yishi.rewrite_ballots', true);
  vote integer := CASE WHEN TG_OP = 'INSERT' THEN NEW.vote_id ELSE OLD.vote_id END;
BEGIN
  IF vote_is_closed(vote) THEN
    RAISE EXCEPTION 'vote % is closed: its ballot box is sealed', vote;
  END IF;
  IF TG_OP = 'INSERT' THEN
    IF NOT EXISTS (SELECT 1 FROM votes WHERE id = NEW.vote_id AND secret AND opened_at IS NOT NULL) THEN
      RAISE EXCEPTION 'vote % has no secret ballot box open', NEW.vote_id;
    END IF;
    RETURN NEW;
  END IF;
  IF TG_OP = 'DELETE' THEN
    IF rewriting IS DISTINCT FROM OLD.vote_id::text THEN
      RAISE EXCEPTION 'ballots are never deleted';
    END IF;
    RETURN OLD;
  END IF;
  IF NEW.id <> OLD.id OR NEW.vote_id <> OLD.vote_id OR NEW.receipt <> OLD.receipt
     OR NEW.cast_on <> OLD.cast_on THEN
    RAISE EXCEPTION 'only the content of a ballot may be replaced';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "vote_ballots_guard" BEFORE INSERT OR UPDATE OR DELETE ON "vote_ballots"
  FOR EACH ROW EXECUTE FUNCTION "vote_ballots_guard"();
--> statement-breakpoint
-- Open ballots: the voter's last ballot counts until the vote is finalised; never deleted.
CREATE FUNCTION "vote_open_ballots_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'ballots are never deleted';
  END IF;
  IF vote_is_closed(NEW.vote_id) THEN
    RAISE EXCEPTION 'vote % is closed: its ballots are sealed', NEW.vote_id;
  END IF;
  IF TG_OP = 'UPDATE' AND (NEW.vote_id <> OLD.vote_id OR NEW.user_id <> OLD.user_id) THEN
    RAISE EXCEPTION 'a ballot cannot change hands';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "vote_open_ballots_guard" BEFORE INSERT OR UPDATE OR DELETE ON "vote_open_ballots"
  FOR EACH ROW EXECUTE FUNCTION "vote_open_ballots_guard"();
--> statement-breakpoint
-- Paper batches: entered once, confirmed once (by someone else: a CHECK), never changed after.
CREATE FUNCTION "vote_paper_batches_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'paper batches are never deleted';
  END IF;
  IF vote_is_closed(NEW.vote_id) THEN
    RAISE EXCEPTION 'vote % is closed', NEW.vote_id;
  END IF;
  IF TG_OP = 'UPDATE' AND (
       OLD.confirmed_by IS NOT NULL
       OR (to_jsonb(NEW) - 'confirmed_by' - 'confirmed_at') <> (to_jsonb(OLD) - 'confirmed_by' - 'confirmed_at')
     ) THEN
    RAISE EXCEPTION 'a paper batch can only be confirmed, once';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "vote_paper_batches_guard" BEFORE INSERT OR UPDATE OR DELETE ON "vote_paper_batches"
  FOR EACH ROW EXECUTE FUNCTION "vote_paper_batches_guard"();
--> statement-breakpoint
-- What was put to the vote stays as it was put.
CREATE TRIGGER "vote_options_append_only" BEFORE UPDATE OR DELETE ON "vote_options"
  FOR EACH ROW EXECUTE FUNCTION "vote_rows_append_only"();
