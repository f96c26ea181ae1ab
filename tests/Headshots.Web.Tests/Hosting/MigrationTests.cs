using Headshots.Web.Data;
using Headshots.Web.Features.Accounts;
using Headshots.Web.Hosting;
using Headshots.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Headshots.Web.Tests.Hosting;

public sealed class MigrationTests
{
    [Fact]
    public async Task Migrations_apply_to_an_empty_database_with_the_hangfire_schema_and_roles()
    {
        await using var database = TestDatabase.Create("migrate");
        await using var factory = new HeadshotsFactory(database.ConnectionString, new Dictionary<string, string?> { ["Jobs:RunServer"] = "false" });

        await factory.StartAndWaitUntilReadyAsync();

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(Roles.All.Order(), (await db.Roles.Select(r => r.Name!).ToListAsync()).Order());
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from information_schema.tables where table_schema = 'hangfire' and table_name = 'job'", connection);
        Assert.Equal(1L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_database_behind_the_code_stops_the_app_when_migrating_on_start_up_is_off()
    {
        await using var database = TestDatabase.Create("behind");
        var state = new DatabaseState();
        await using var factory = new HeadshotsFactory(
            database.ConnectionString,
            new Dictionary<string, string?> { ["Jobs:RunServer"] = "false", ["Database:MigrateOnStartup"] = "false" },
            services => services.AddSingleton(state));

        // The app stops itself, possibly while still starting, so starting may fail; what it reported is what counts.
        try
        {
            factory.StartServer();
        }
        catch (Exception e) when (e is ObjectDisposedException or OperationCanceledException)
        {
        }

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (state.Problem?.Contains("behind", StringComparison.Ordinal) != true && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.False(state.IsReady);
        Assert.Contains("schema is behind the code", state.Problem, StringComparison.Ordinal);
        Assert.Contains("Database__MigrateOnStartup=true", state.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task First_admin_is_created_once_with_a_generated_password()
    {
        await using var database = TestDatabase.Create("admin");
        await using var factory = new HeadshotsFactory(database.ConnectionString, new Dictionary<string, string?> { ["Jobs:RunServer"] = "false" });
        await factory.StartAndWaitUntilReadyAsync();

        BootstrapAdminResult first, second;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            first = await scope.ServiceProvider.GetRequiredService<AccountAdministration>().EnsureAdminAsync("boss@example.com", null);
        }

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            second = await scope.ServiceProvider.GetRequiredService<AccountAdministration>().EnsureAdminAsync("other@example.com", null);
        }

        Assert.True(first.Created);
        Assert.NotNull(first.GeneratedPassword);
        Assert.True(first.GeneratedPassword!.Length >= 20);
        Assert.False(second.Created);
        Assert.Null(second.GeneratedPassword);
        Assert.Equal("boss@example.com", second.Email);

        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await client.LoginAsync("boss@example.com", first.GeneratedPassword);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/Admin")).StatusCode);
    }
}
