/**
 * Statements (one per call: PGlite takes one at a time through knex) that make the database refuse every
 * record whose value holds "refuse-this-write", as a full disk or a lost connection would refuse a write.
 */
export const REFUSE_MARKED_RECORDS = [
  `create or replace function refuse_marked() returns trigger language plpgsql as $$
   begin
     if new.value like '%refuse-this-write%' then raise exception 'refused by the test'; end if;
     return new;
   end $$`,
  'create trigger refuse_marked before insert on engine_records for each row execute function refuse_marked()',
];
