using Npgsql;

namespace Headshots.Web.Tests.Infrastructure;

/// <summary>
/// A database of its own on the PostgreSQL server that scripts/test starts (HEADSHOTS_TEST_DB), dropped afterwards.
/// Tests never fall back to anything else: without a server they fail and say how to get one.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("HEADSHOTS_TEST_DB") is { Length: > 0 } server
            ? server
            : throw new InvalidOperationException(
                "HEADSHOTS_TEST_DB is not set. Run the tests with scripts/test, which starts a throwaway PostgreSQL, " +
                "or point HEADSHOTS_TEST_DB at a server where the tests may create databases.");

    /// <summary>Names a fresh, empty database; EF Core migrations create it.</summary>
    public static TestDatabase Create(string purpose)
    {
        var name = $"headshots_test_{purpose}_{Guid.NewGuid():N}".ToLowerInvariant();
        name = name[..Math.Min(63, name.Length)];
        var builder = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name };
        return new TestDatabase(name, builder.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        var builder = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = "postgres" };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
