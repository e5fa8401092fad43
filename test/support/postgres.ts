/** The PostgreSQL server tests use: PG_TEST_URL, or the local server with trust auth. */
import pg from 'pg';

export async function findPostgres(): Promise<string | undefined> {
  const candidates = process.env.PG_TEST_URL
    ? [process.env.PG_TEST_URL]
    : ['postgres://postgres@127.0.0.1:5432/test', 'postgres://root@127.0.0.1:5432/test'];
  for (const url of candidates) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return url;
    } catch {
      // try the next one
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  return undefined;
}

/** One statement on its own connection (outside any store). */
export async function pgQuery<T extends pg.QueryResultRow>(connectionString: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}
