namespace Platform.Persistence;

/// <summary>The database engines a product can run on.</summary>
public enum DatabaseProvider
{
    /// <summary>Embedded default: one SQLite file per product under <c>./data/</c>, WAL mode.</summary>
    Sqlite,

    /// <summary>Scale-out: PostgreSQL, one schema per module.</summary>
    Postgres,
}
