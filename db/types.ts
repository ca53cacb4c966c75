/** The one small driver interface both databases implement. */
export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>>;
}

/** A transaction handle: queries plus multi-statement SQL. */
export interface Transaction extends Queryable {
  exec(sql: string): Promise<void>;
}

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database extends Queryable {
  readonly kind: DatabaseKind;
  /** Runs several statements separated by semicolons, without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Commits when fn resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** Connection pool use, for /metrics; only PostgreSQL has a pool (PGlite is one in-process connection). */
  poolStats?(): { max: number; total: number; idle: number; waiting: number };
}
