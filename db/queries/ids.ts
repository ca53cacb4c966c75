const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids come from URLs and request bodies; anything that is not a UUID names no row (and would make PostgreSQL throw). */
export const isUuid = (id: string) => UUID.test(id);
