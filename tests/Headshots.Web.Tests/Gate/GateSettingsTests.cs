using System.Net;
using System.Text.Json;
using Headshots.Vision.Authenticity;
using Headshots.Vision.Faces;
using Headshots.Web.Data;
using Headshots.Web.Features.Accounts;
using Headshots.Web.Features.Audit;
using Headshots.Web.Features.Gate;
using Headshots.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Headshots.Web.Tests.Gate;

[Collection("web")]
public sealed class GateSettingsTests(WebAppFixture app) : IAsyncLifetime
{
    private const string Password = "correct horse battery";

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_save_records_a_new_version_with_old_and_new_values_the_reason_and_who()
    {
        var admin = await AdminAsync("root@example.com");

        var response = await admin.PostFormAsync("/Admin/Gate", Form(1, "Fewer impostors in the last audit", ("AcceptAt", "0.6"), ("SkinToneReviewDeltaE", "14")), "/Admin/Gate?handler=Save");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var versions = await db.GateSettingsVersions.OrderBy(v => v.Version).ToListAsync();
        Assert.Equal([1, 2], versions.Select(v => v.Version));
        Assert.Null(versions[0].CreatedByEmail);
        Assert.Equal(GateSettingsStore.InitialReason, versions[0].Reason);
        var saved = versions[1];
        Assert.Equal("root@example.com", saved.CreatedByEmail);
        Assert.NotNull(saved.CreatedById);
        Assert.Equal("Fewer impostors in the last audit", saved.Reason);
        Assert.Equal(
            [("AcceptAt", "0.55", "0.6"), ("SkinToneReviewDeltaE", "12", "14")],
            GateSettingsStore.ChangesOf(saved).Select(c => (c.Field, c.Old, c.New)));

        var current = await scope.ServiceProvider.GetRequiredService<GateSettingsStore>().CurrentAsync();
        Assert.Equal(2, current.Version);
        Assert.Equal(2, current.Thresholds.Version);
        Assert.Equal(0.6f, current.Thresholds.AcceptAt);
        Assert.Equal(14, current.Thresholds.SkinToneReviewDeltaE);
        Assert.Equal(GateThresholds.Default.ReviewFrom, current.Thresholds.ReviewFrom);

        var audit = await db.AuditEntries.SingleAsync(e => e.Kind == AuditEvents.GateSettingsChanged);
        Assert.Equal("root@example.com", audit.ActorName);
        Assert.Equal("gate-settings:2", audit.Subject);
        Assert.Contains("AcceptAt 0.55 → 0.6; SkinToneReviewDeltaE 12 → 14", audit.Details, StringComparison.Ordinal);
        Assert.Contains("Fewer impostors in the last audit", audit.Details, StringComparison.Ordinal);
        Assert.True((await scope.ServiceProvider.GetRequiredService<AuditLog>().VerifyAsync()).IsIntact);

        var page = WebUtility.HtmlDecode(await admin.GetStringAsync("/Admin/Gate"));
        Assert.Contains("Gate settings <span class=\"muted\">version 2</span>", page, StringComparison.Ordinal);
        Assert.Contains("Accept at (identity similarity ≥): 0.55 → 0.6", page, StringComparison.Ordinal);
        Assert.Contains("Fewer impostors in the last audit", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ReviewFrom", "0.7", "Testing", "Need −1 ≤ ReviewFrom")]
    [InlineData("AcceptAt", "1.5", "Testing", "is outside -1 to 1")]
    [InlineData("PhotoMinBrightness", "230", "Testing", "minimum face brightness must not be above the maximum")]
    [InlineData("ProminentFaceAreaRatio", "0", "Testing", "is outside 0.01 to 1")]
    [InlineData("AcceptAt", "half", "Testing", "\"half\" is not a number")]
    [InlineData("AcceptAt", "0.65", "", "Give a reason for the change")]
    [InlineData("AcceptAt", "0.55", "No change really", "Nothing changed")]
    public async Task Invalid_settings_are_refused_with_a_plain_message_and_nothing_is_saved(string field, string value, string reason, string message)
    {
        var admin = await AdminAsync("root@example.com");

        var response = await admin.PostFormAsync("/Admin/Gate", Form(1, reason, (field, value)), "/Admin/Gate?handler=Save");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("Not saved:", html, StringComparison.Ordinal);
        Assert.Contains(message, html, StringComparison.Ordinal);
        // What was typed is still in the form.
        Assert.Contains($"name=\"Values[{field}]\" value=\"{value}\"", html, StringComparison.Ordinal);
        Assert.Equal(1, await app.CountAsync<GateSettingsVersion>());
        Assert.Equal(0, await AuditCountAsync());
    }

    [Fact]
    public async Task A_save_from_a_stale_form_is_refused_and_shows_what_was_not_saved()
    {
        var first = await AdminAsync("first@example.com");
        var second = await AdminAsync("second@example.com");
        // Both opened the form on version 1; the first saves.
        var saved = await first.PostFormAsync("/Admin/Gate", Form(1, "first", ("AcceptAt", "0.6")), "/Admin/Gate?handler=Save");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var stale = await second.PostFormAsync("/Admin/Gate", Form(1, "second", ("ReviewFrom", "0.35")), "/Admin/Gate?handler=Save");

        var html = WebUtility.HtmlDecode(await stale.Content.ReadAsStringAsync());
        Assert.Contains("Someone else saved version 2 while you were editing version 1. Nothing was saved.", html, StringComparison.Ordinal);
        Assert.Contains("Review from (below this: reject) 0.4 → 0.35", html, StringComparison.Ordinal);
        // The form now starts from version 2, the first admin's change included.
        Assert.Contains("name=\"Values[AcceptAt]\" value=\"0.6\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"BaseVersion\" value=\"2\"", html, StringComparison.Ordinal);
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal("first", (await db.GateSettingsVersions.SingleAsync(v => v.Version == 2)).Reason);
        Assert.Equal(2, await db.GateSettingsVersions.CountAsync());
    }

    [Fact]
    public async Task Settings_set_for_the_old_identity_score_are_replaced_once_by_the_new_defaults_keeping_the_rest()
    {
        // An install upgraded from the fr_feature-only score: version 1 and an admin's version 2, both on scale 1.
        await using (var setup = app.Factory.Services.CreateAsyncScope())
        {
            var db = setup.ServiceProvider.GetRequiredService<AppDbContext>();
            var initial = setup.ServiceProvider.GetRequiredService<GateSettingsStore>().Initial;
            var oldScale = initial.Thresholds with { AcceptAt = 0.50f, ReviewFrom = 0.30f };
            foreach (var (version, thresholds) in new[] { (1, oldScale), (2, oldScale with { SkinToneReviewDeltaE = 14 }) })
            {
                db.GateSettingsVersions.Add(new GateSettingsVersion
                {
                    Version = version,
                    Thresholds = JsonSerializer.Serialize(thresholds),
                    PhotoQuality = JsonSerializer.Serialize(initial.PhotoQuality),
                    ConsistencyMinSimilarity = 0.30f,
                    IdentityScale = 1,
                    CreatedAt = DateTimeOffset.UtcNow,
                    Reason = $"version {version} before the upgrade",
                    Changes = "[]",
                });
            }

            await db.SaveChangesAsync();
        }

        // Three first readers at once (web and worker instances starting): one new version, one audit entry.
        var read = await Task.WhenAll(Enumerable.Range(0, 3).Select(async _ =>
        {
            await using var scope = app.Factory.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<GateSettingsStore>().CurrentAsync();
        }));

        Assert.All(read, s => Assert.Equal(3, s.Version));
        var current = read[0];
        Assert.Equal(GateThresholds.Default.AcceptAt, current.Thresholds.AcceptAt);
        Assert.Equal(GateThresholds.Default.ReviewFrom, current.Thresholds.ReviewFrom);
        Assert.Equal(0.40f, current.ConsistencyMinSimilarity);
        Assert.Equal(14, current.Thresholds.SkinToneReviewDeltaE);
        Assert.Equal(3, current.Thresholds.Version);
        await using var check = app.Factory.Services.CreateAsyncScope();
        var rows = await check.ServiceProvider.GetRequiredService<AppDbContext>().GateSettingsVersions.OrderBy(v => v.Version).ToListAsync();
        Assert.Equal([1, 2, 3], rows.Select(r => r.Version));
        Assert.Equal(FaceEmbedding.SimilarityScale, rows[2].IdentityScale);
        Assert.Equal(GateSettingsStore.RescaledReason, rows[2].Reason);
        Assert.Null(rows[2].CreatedByEmail);
        Assert.Equal(
            [("AcceptAt", "0.5", "0.55"), ("ReviewFrom", "0.3", "0.4"), ("ConsistencyMinSimilarity", "0.3", "0.4")],
            GateSettingsStore.ChangesOf(rows[2]).Select(c => (c.Field, c.Old, c.New)));
        var audit = await check.ServiceProvider.GetRequiredService<AppDbContext>().AuditEntries.SingleAsync(e => e.Kind == AuditEvents.GateSettingsChanged);
        Assert.Equal("system", audit.ActorName);
        Assert.Equal("gate-settings:3", audit.Subject);
        Assert.True((await check.ServiceProvider.GetRequiredService<AuditLog>().VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task Of_two_saves_racing_on_the_same_version_exactly_one_wins()
    {
        await using (var setup = app.Factory.Services.CreateAsyncScope())
        {
            await setup.ServiceProvider.GetRequiredService<GateSettingsStore>().CurrentAsync();
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(async i =>
        {
            await using var scope = app.Factory.Services.CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<GateSettingsStore>();
            var current = await store.CurrentAsync();
            var proposed = current with { Thresholds = current.Thresholds with { AcceptAt = 0.51f + (i * 0.01f) } };
            return await store.SaveAsync(proposed, 1, $"racer {i}", new AuditActor(null, $"racer{i}@example.com"));
        }));

        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.True(r.Stale));
        Assert.Equal(2, await app.CountAsync<GateSettingsVersion>());
        Assert.Equal(1, await AuditCountAsync());
    }

    [Fact]
    public async Task Nobody_but_an_admin_can_open_or_post_to_the_lab()
    {
        await app.CreateUserAsync("seeker@example.com", Password, Roles.JobSeeker);
        await app.CreateUserAsync("recruiter@example.com", Password, Roles.Recruiter);
        var seeker = app.Client();
        await seeker.LoginAsync("seeker@example.com", Password);
        var recruiter = app.Client();
        await recruiter.LoginAsync("recruiter@example.com", Password);
        var admin = await AdminAsync("root@example.com");
        string[] gets = ["/Admin/Gate", "/Admin/Gate/Calibration", $"/Admin/Gate/Calibration?id={Guid.NewGuid()}"];
        string[] posts = ["/Admin/Gate?handler=Save", "/Admin/Gate?handler=Preview", "/Admin/Gate/Calibration"];

        foreach (var (who, client) in new[] { ("job seeker", seeker), ("recruiter", recruiter), ("anonymous", app.Client()) })
        {
            foreach (var url in gets)
            {
                AssertRefused(who, url, await client.GetAsync(url), who == "anonymous");
            }

            // With a valid antiforgery token of this very client, so only authorization can stop the post.
            var tokenPage = who == "anonymous" ? "/Account/Login" : "/";
            foreach (var url in posts)
            {
                AssertRefused(who, url, await client.PostFormAsync(tokenPage, Form(1, "sneaky", ("AcceptAt", "0.1")), url), who == "anonymous");
            }
        }

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/Admin/Gate")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/Admin/Gate/Calibration")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/Admin/Gate/Calibration?id={Guid.NewGuid()}")).StatusCode);
        Assert.Equal(1, await app.CountAsync<GateSettingsVersion>());
    }

    private static void AssertRefused(string who, string url, HttpResponseMessage response, bool toLogin)
    {
        if (toLogin)
        {
            Refusals.AssertSentToLogin(response, $"{who} {response.RequestMessage!.Method} {url}");
        }
        else
        {
            Refusals.AssertForbidden(response, $"{who} {response.RequestMessage!.Method} {url}");
        }
    }

    /// <summary>Every field at its version-1 value, except <paramref name="changes"/>.</summary>
    internal static List<KeyValuePair<string, string>> Form(int baseVersion, string reason, params (string Key, string Value)[] changes)
    {
        var initial = new Features.Gate.GateSettings(1, Vision.Authenticity.GateThresholds.Default, new Vision.Faces.PhotoQualityOptions(), new Features.Photos.PhotoOptions().ConsistencyMinSimilarity);
        var fields = GateSettingFields.All.Select(f => new KeyValuePair<string, string>($"Values[{f.Key}]",
            changes.FirstOrDefault(c => c.Key == f.Key).Value ?? f.Format(initial))).ToList();
        fields.Add(new("BaseVersion", baseVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        fields.Add(new("Reason", reason));
        return fields;
    }

    private async Task<HttpClient> AdminAsync(string email)
    {
        await app.CreateUserAsync(email, Password, Roles.Admin);
        var client = app.Client();
        await client.LoginAsync(email, Password);
        return client;
    }

    private async Task<int> AuditCountAsync()
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().AuditEntries.CountAsync(e => e.Kind == AuditEvents.GateSettingsChanged);
    }
}
