using Headshots.Web.Data;
using Headshots.Web.Features.Accounts;
using Headshots.Web.Features.Audit;
using Headshots.Web.Pages.Admin;
using Headshots.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Headshots.Web.Tests.Audit;

[Collection("web")]
public sealed class AuditLogTests(WebAppFixture app) : IAsyncLifetime
{
    private const string Password = "correct horse battery";

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Sign_ins_failures_role_changes_and_disabling_are_recorded_in_order()
    {
        var seeker = await app.CreateUserAsync("seeker@example.com", Password);
        var client = app.Client();
        await client.LoginAsync("seeker@example.com", "wrong password");
        await client.LoginAsync("nobody@example.com", "whatever it is");
        await client.LoginAsync("seeker@example.com", Password);
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<AccountAdministration>();
            var user = (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByIdAsync(seeker.Id))!;
            Assert.True((await accounts.SetRolesAsync(user, [Roles.JobSeeker, Roles.Recruiter])).Succeeded);
            await accounts.SetDisabledAsync(user, true);
        }

        var entries = await EntriesAsync();

        Assert.Equal(
            [AuditEvents.AccountRegistered, AuditEvents.LoginFailed, AuditEvents.LoginFailed, AuditEvents.LoginSucceeded,
             AuditEvents.RolesChanged, AuditEvents.AccountDisabled],
            entries.Select(e => e.Kind));
        Assert.Equal(Enumerable.Range(1, entries.Count).Select(i => (long)i), entries.Select(e => e.Id));
        Assert.Contains("wrong password", entries[1].Details, StringComparison.Ordinal);
        Assert.Contains("no such account", entries[2].Details, StringComparison.Ordinal);
        Assert.Equal("JobSeeker → JobSeeker, Recruiter", entries[4].Details.Split(": ")[1]);
        Assert.All(entries.Where(e => e.Subject is not null), e => Assert.Equal($"user:{seeker.Id}", e.Subject));
        Assert.DoesNotContain(entries, e => e.Details.Contains(Password, StringComparison.Ordinal));
        Assert.True((await VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task Each_entry_links_to_the_previous_one_by_hash()
    {
        await app.CreateUserAsync("a@example.com", Password);
        await app.CreateUserAsync("b@example.com", Password);
        await app.CreateUserAsync("c@example.com", Password);

        var entries = await EntriesAsync();

        Assert.Equal(AuditLog.Genesis, entries[0].PreviousHash);
        for (var i = 1; i < entries.Count; i++)
        {
            Assert.Equal(entries[i - 1].Hash, entries[i].PreviousHash);
        }

        Assert.All(entries, e => Assert.Equal(AuditLog.ComputeHash(e), e.Hash));
        Assert.Equal(3, (await VerifyAsync()).EntriesChecked);
    }

    [Fact]
    public async Task Concurrent_appends_keep_one_gapless_chain()
    {
        await Task.WhenAll(Enumerable.Range(0, 12).Select(async i =>
        {
            await using var scope = app.Factory.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<AuditLog>()
                .RecordAsync(AuditEvents.ShareLinkViewed, $"view {i}", actor: AuditActor.System);
        }));

        var report = await VerifyAsync();

        Assert.True(report.IsIntact, report.Problem);
        Assert.Equal(12, report.EntriesChecked);
    }

    [Fact]
    public async Task The_database_refuses_to_update_or_delete_an_entry()
    {
        await app.CreateUserAsync("a@example.com", Password);
        await using var connection = await OpenAsync();

        var update = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(connection, """UPDATE "AuditEntries" SET "Details" = 'nothing happened'"""));
        var delete = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(connection, """DELETE FROM "AuditEntries" """));

        Assert.Contains("append-only", update.MessageText, StringComparison.Ordinal);
        Assert.Contains("append-only", delete.MessageText, StringComparison.Ordinal);
        Assert.Equal(1, await app.CountAsync<AuditEntry>());
    }

    [Fact]
    public async Task Verify_finds_an_entry_edited_behind_the_applications_back()
    {
        await app.CreateUserAsync("a@example.com", Password);
        await app.CreateUserAsync("b@example.com", Password);
        await app.CreateUserAsync("c@example.com", Password);

        // Someone with the table owner's rights switches the guard off to rewrite history.
        await TamperAsync("""UPDATE "AuditEntries" SET "Details" = 'Registered someone-else@example.com as Admin' WHERE "Id" = 2""");
        var report = await VerifyAsync();

        Assert.False(report.IsIntact);
        Assert.Equal(2, report.FirstBadEntryId);
        Assert.Equal(1, report.EntriesChecked);
        Assert.Contains("changed after it was written", report.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_finds_a_rehashed_edit_and_a_removed_entry()
    {
        for (var i = 0; i < 4; i++)
        {
            await app.CreateUserAsync($"user{i}@example.com", Password);
        }

        // A careful forger recomputes the edited row's own hash; the next row still points at the original.
        var entries = await EntriesAsync();
        var forged = entries[1];
        forged.Details = "Registered forger@example.com as JobSeeker";
        await TamperAsync($"""UPDATE "AuditEntries" SET "Details" = '{forged.Details}', "Hash" = '{AuditLog.ComputeHash(forged)}' WHERE "Id" = 2""");
        var rehashed = await VerifyAsync();
        await TamperAsync("""DELETE FROM "AuditEntries" WHERE "Id" IN (2, 3)""");
        var removed = await VerifyAsync();

        Assert.Equal(3, rehashed.FirstBadEntryId);
        Assert.Contains("does not link", rehashed.Problem, StringComparison.Ordinal);
        Assert.Equal(4, removed.FirstBadEntryId);
        Assert.Contains("missing", removed.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_page_filters_entries_and_reports_the_chain()
    {
        await app.CreateUserAsync("root@example.com", Password, Roles.Admin);
        await app.CreateUserAsync("seeker@example.com", Password);
        var client = app.Client();
        await client.LoginAsync("seeker@example.com", "wrong password");
        await client.LoginAsync("root@example.com", Password);

        var failures = await client.GetStringAsync("/Admin/Audit?kind=login.failed");
        var bySeeker = await client.GetStringAsync("/Admin/Audit?who=seeker%40example");
        var verified = await (await client.PostFormAsync("/Admin/Audit", [], "/Admin/Audit?handler=Verify")).Content.ReadAsStringAsync();
        await TamperAsync("""UPDATE "AuditEntries" SET "Kind" = 'login.succeeded' WHERE "Kind" = 'login.failed'""");
        var broken = await (await client.PostFormAsync("/Admin/Audit", [], "/Admin/Audit?handler=Verify")).Content.ReadAsStringAsync();

        Assert.Equal(1, Count(failures, "data-kind=\"login.failed\""));
        Assert.Equal(0, Count(failures, "data-kind=\"account.registered\""));
        Assert.Equal(2, Count(bySeeker, "data-kind="));
        Assert.Contains("Chain intact: all 4 entries verified.", verified, StringComparison.Ordinal);
        Assert.Contains("Chain broken at entry 3.", broken, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_page_pages_back_and_offers_older_entries_only_when_there_are_some()
    {
        await app.CreateUserAsync("root@example.com", Password, Roles.Admin);
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
            for (var i = 0; i < AuditModel.PageSize; i++)
            {
                await audit.RecordAsync(AuditEvents.ShareLinkViewed, $"view {i}", actor: AuditActor.System);
            }
        }

        var client = app.Client();
        await client.LoginAsync("root@example.com", Password); // one more entry: PageSize + 1 in all

        var newest = await client.GetStringAsync("/Admin/Audit");
        var older = await client.GetStringAsync("/Admin/Audit?before=2");

        Assert.Equal(AuditModel.PageSize, Count(newest, "data-kind="));
        Assert.Contains("Older entries", newest, StringComparison.Ordinal);
        Assert.Equal(1, Count(older, "data-kind="));
        Assert.Contains("showing the 1 before #2", older, StringComparison.Ordinal);
        Assert.DoesNotContain("Older entries", older, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.JobSeeker)]
    [InlineData(Roles.Recruiter)]
    [InlineData(null)]
    public async Task Only_admins_see_the_audit_log(string? role)
    {
        var client = app.Client();
        if (role is not null)
        {
            await app.CreateUserAsync("user@example.com", Password, role);
            await client.LoginAsync("user@example.com", Password);
        }

        var response = await client.GetAsync("/Admin/Audit");

        if (role is null)
        {
            Refusals.AssertSentToLogin(response);
        }
        else
        {
            Refusals.AssertForbidden(response);
        }
    }

    private static int Count(string html, string needle) => (html.Length - html.Replace(needle, "", StringComparison.Ordinal).Length) / needle.Length;

    private async Task<List<AuditEntry>> EntriesAsync()
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().AuditEntries.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
    }

    private async Task<AuditChainReport> VerifyAsync()
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AuditLog>().VerifyAsync();
    }

    private async Task TamperAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await ExecuteAsync(connection, """ALTER TABLE "AuditEntries" DISABLE TRIGGER audit_entries_append_only""");
        await ExecuteAsync(connection, sql);
        await ExecuteAsync(connection, """ALTER TABLE "AuditEntries" ENABLE TRIGGER audit_entries_append_only""");
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(app.Factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Headshots.Web.Hosting.DatabaseOptions>>().Value.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
