using Headshots.Web.Data;
using Headshots.Web.Features.Accounts;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Respawn;

namespace Headshots.Web.Tests.Infrastructure;

/// <summary>One app and one database for the tests of the "web" collection; every test starts from empty tables.</summary>
public sealed class WebAppFixture : IAsyncLifetime
{
    private TestDatabase? _database;
    private Respawner? _respawner;

    public HeadshotsFactory Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _database = TestDatabase.Create("web");
        Factory = new HeadshotsFactory(_database.ConnectionString);
        await Factory.StartAndWaitUntilReadyAsync();
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        _respawner = await Respawner.CreateAsync(connection, new RespawnerOptions
        {
            DbAdapter = DbAdapter.Postgres,
            SchemasToInclude = ["public"],
            // Roles are seeded once at start-up; the data-protection key ring is cached by the running app.
            // The audit log refuses DELETE (append-only trigger); ResetAsync truncates it instead.
            TablesToIgnore = ["__EFMigrationsHistory", "AspNetRoles", "DataProtectionKeys", "AuditEntries"],
        });
    }

    public async Task ResetAsync()
    {
        await using var connection = new NpgsqlConnection(_database!.ConnectionString);
        await connection.OpenAsync();
        await _respawner!.ResetAsync(connection);
        await using var truncate = new NpgsqlCommand("""TRUNCATE "AuditEntries" """, connection);
        await truncate.ExecuteNonQueryAsync();
    }

    public HttpClient Client() => Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public async Task<AppUser> CreateUserAsync(string email, string password, params string[] roles)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountAdministration>();
        var (user, result) = await accounts.RegisterAsync(email, email.Split('@')[0], password, roles.Length > 0 ? roles[0] : Roles.JobSeeker);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
        if (roles.Length > 1)
        {
            Assert.True((await accounts.SetRolesAsync(user!, roles)).Succeeded);
        }

        return user!;
    }

    public async Task<int> CountAsync<T>()
        where T : class
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<T>().CountAsync();
    }

    /// <summary>A signed-in job seeker who has agreed to face checks and, unless told otherwise, uploaded Lenna.</summary>
    public async Task<(HttpClient Client, Guid? PhotoId)> JobSeekerAsync(string email, string password, bool consent = true, bool withPhoto = true)
    {
        await CreateUserAsync(email, password, Roles.JobSeeker);
        var client = Client();
        await client.LoginAsync(email, password);
        if (consent)
        {
            await client.PostFormAsync("/Photos", [new("agree", "true")], "/Photos?handler=Consent");
        }

        if (!withPhoto)
        {
            return (client, null);
        }

        var verdict = await client.UploadPhotoAsync("me.jpg", TestPhotos.LennaJpeg());
        Assert.True(verdict.Accepted, verdict.Headline);
        return (client, verdict.PhotoId);
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

[CollectionDefinition("web")]
public sealed class WebAppGroup : ICollectionFixture<WebAppFixture>;
