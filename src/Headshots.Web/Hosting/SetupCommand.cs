using Headshots.Web.Features.Accounts;

namespace Headshots.Web.Hosting;

/// <summary>
/// <c>Headshots.Web setup</c>: migrate the database and make sure the first admin exists, then exit.
/// The admin comes from HEADSHOTS_ADMIN_EMAIL / HEADSHOTS_ADMIN_PASSWORD; without a password one is generated and
/// printed once.
/// </summary>
public static class SetupCommand
{
    public static async Task<int> RunSetupAsync(this WebApplication app)
    {
        var migrator = app.Services.GetRequiredService<DatabaseMigrator>();
        try
        {
            await migrator.MigrateAsync(CancellationToken.None);
        }
        catch (Exception e) when (DatabaseMigrator.IsUnreachable(e))
        {
            await Console.Error.WriteLineAsync($"PostgreSQL is unreachable: {e.Message}. Check HEADSHOTS_DB or start the database.");
            return 1;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountAdministration>();
        var email = app.Configuration["HEADSHOTS_ADMIN_EMAIL"] is { Length: > 0 } configured ? configured : "admin@headshots.local";
        var password = app.Configuration["HEADSHOTS_ADMIN_PASSWORD"] is { Length: > 0 } given ? given : null;
        var admin = await accounts.EnsureAdminAsync(email, password);

        if (admin.GeneratedPassword is not null)
        {
            Console.WriteLine($"Created the first admin account: {admin.Email}");
            Console.WriteLine($"Its generated password (shown only this once; change it after signing in): {admin.GeneratedPassword}");
        }
        else if (admin.Created)
        {
            Console.WriteLine($"Created the first admin account: {admin.Email} (password from HEADSHOTS_ADMIN_PASSWORD).");
        }
        else
        {
            Console.WriteLine($"Admin account present: {admin.Email}");
        }

        return 0;
    }
}
