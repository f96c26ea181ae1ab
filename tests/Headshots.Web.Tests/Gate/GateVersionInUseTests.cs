using System.Net;
using System.Text.Json;
using Headshots.Vision.Authenticity;
using Headshots.Vision.Enhancement;
using Headshots.Web.Data;
using Headshots.Web.Features.Accounts;
using Headshots.Web.Features.Audit;
using Headshots.Web.Features.Gate;
using Headshots.Web.Features.Generation;
using Headshots.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Headshots.Web.Tests.Gate;

/// <summary>New work uses the version in force and records it: one real generation, and photo uploads.</summary>
[Collection("web")]
[Trait("Needs", "Models")]
public sealed class GateVersionInUseTests(WebAppFixture app) : IAsyncLifetime
{
    private const string Password = "correct horse battery";

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_new_generation_decides_with_the_current_version_records_it_and_the_preview_replays_it_exactly()
    {
        await SaveAsync(s => s with { Thresholds = s.Thresholds with { AcceptAt = 0.45f, GeometryReviewChange = 0.12f } }, "Looser for the pilot");
        var (owner, _) = await app.JobSeekerAsync("owner@example.com", Password);
        var id = await CreateGenerationAsync();

        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<GenerationJob>().RunAsync(id, CancellationToken.None);
        }

        await using var check = app.Factory.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<AppDbContext>();
        var generation = await db.Generations.AsNoTracking().Include(g => g.Headshots).SingleAsync(g => g.Id == id);
        Assert.Equal(GenerationStatus.Completed, generation.Status);
        Assert.Equal(2, generation.GateSettingsVersion);
        var recorded = JsonSerializer.Deserialize<GateThresholds>(generation.GateSettings!)!;
        Assert.Equal((2, 0.45f, 0.12f), (recorded.Version, recorded.AcceptAt, recorded.GeometryReviewChange));
        var headshot = Assert.Single(generation.Headshots);
        var decision = JsonDocument.Parse(headshot.Evidence).RootElement.GetProperty("decision");
        Assert.Equal(2, decision.GetProperty("Thresholds").GetProperty("Version").GetInt32());

        // The preview's replay of this real decision under the settings it was made with is the decision itself.
        var stored = GatePreview.Read(headshot.Verdict, headshot.Evidence)!;
        var current = await check.ServiceProvider.GetRequiredService<GateSettingsStore>().CurrentAsync();
        var replayed = AuthenticityGate.Judge(stored.Scores, current.Thresholds);
        Assert.Equal(headshot.Verdict, replayed.Verdict.ToString());
        Assert.Equal(headshot.Reasons, replayed.Reasons.Select(r => r.Message));
        Assert.Equal(2, stored.RecordedVersion);
        Assert.NotNull(stored.Scores.SkinToneDeltaE);
        Assert.NotNull(stored.Scores.GeometryChange);

        var view = WebUtility.HtmlDecode(await owner.GetStringAsync($"/Headshots/View?id={headshot.Id}"));
        Assert.Contains("(pass ≥ 0.45, <span data-testid=\"settings-version\">gate settings v2</span>)", view, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_headshot_whose_evidence_cannot_be_read_still_shows_without_the_measurements()
    {
        var user = await app.CreateUserAsync("owner@example.com", Password, Roles.JobSeeker);
        var owner = app.Client();
        await owner.LoginAsync("owner@example.com", Password);
        var headshot = await HeadshotSeeder.SeedHeadshotAsync(app.Factory.Services, user.Id);
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().Headshots
                .Where(h => h.Id == headshot.Id).ExecuteUpdateAsync(u => u.SetProperty(h => h.Evidence, "{}"));
        }

        var response = await owner.GetAsync($"/Headshots/View?id={headshot.Id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"verdict\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"settings-version\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_resumed_generation_keeps_the_version_it_started_with()
    {
        await app.JobSeekerAsync("owner@example.com", Password);
        await SaveAsync(s => s with { Thresholds = s.Thresholds with { AcceptAt = 0.65f } }, "Stricter");
        // Started under version 1 before the save; its only style is already done, so resuming renders nothing.
        var id = await CreateGenerationAsync(startedUnder: 1);

        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<GenerationJob>().RunAsync(id, CancellationToken.None);
        }

        await using var check = app.Factory.Services.CreateAsyncScope();
        var generation = await check.ServiceProvider.GetRequiredService<AppDbContext>().Generations.AsNoTracking().SingleAsync(g => g.Id == id);
        Assert.Equal(GenerationStatus.Completed, generation.Status);
        Assert.Equal(1, generation.GateSettingsVersion);
        var recorded = JsonSerializer.Deserialize<GateThresholds>(generation.GateSettings!)!;
        Assert.Equal((1, GateThresholds.Default.AcceptAt), (recorded.Version, recorded.AcceptAt));
    }

    [Fact]
    public async Task A_generation_started_under_settings_of_the_old_identity_score_resumes_under_the_current_version()
    {
        await app.JobSeekerAsync("owner@example.com", Password);
        await SaveAsync(s => s with { Thresholds = s.Thresholds with { AcceptAt = 0.65f } }, "Stricter");
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            // As after an upgrade: version 1 was set on the fr_feature-only score.
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            (await db.GateSettingsVersions.SingleAsync(v => v.Version == 1)).IdentityScale = 1;
            await db.SaveChangesAsync();
        }

        var id = await CreateGenerationAsync(startedUnder: 1);
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<GenerationJob>().RunAsync(id, CancellationToken.None);
        }

        await using var check = app.Factory.Services.CreateAsyncScope();
        var generation = await check.ServiceProvider.GetRequiredService<AppDbContext>().Generations.AsNoTracking().SingleAsync(g => g.Id == id);
        Assert.Equal(2, generation.GateSettingsVersion);
        Assert.Equal(0.65f, JsonSerializer.Deserialize<GateThresholds>(generation.GateSettings!)!.AcceptAt);
    }

    [Fact]
    public async Task Photo_uploads_are_checked_with_the_current_source_photo_limits()
    {
        var (owner, _) = await app.JobSeekerAsync("owner@example.com", Password);

        await SaveAsync(s => s with { PhotoQuality = s.PhotoQuality with { MinSharpness = 100_000 } }, "Only razor-sharp photos");
        var refused = await owner.UploadPhotoAsync("again.jpg", TestPhotos.LennaJpeg());

        Assert.False(refused.Accepted);
        Assert.StartsWith("Too blurry", refused.Headline, StringComparison.Ordinal);

        await SaveAsync(s => s with { PhotoQuality = s.PhotoQuality with { MinSharpness = 30 }, ConsistencyMinSimilarity = 1f }, "Back, and strict consistency");
        var kept = await owner.UploadPhotoAsync("again.jpg", TestPhotos.LennaJpeg(width: 400));
        Assert.True(kept.Accepted, kept.Headline);
        Assert.Equal("Saved, but it does not match your other photos", kept.Headline);
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var versions = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Photos.AsNoTracking()
            .OrderBy(p => p.UploadedAt).Select(p => p.GateSettingsVersion).ToListAsync();
        Assert.Equal([1, 3], versions);
    }

    private async Task SaveAsync(Func<GateSettings, GateSettings> change, string reason)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<GateSettingsStore>();
        var current = await store.CurrentAsync();
        var result = await store.SaveAsync(change(current), current.Version, reason, new AuditActor(null, "test@example.com"));
        Assert.True(result.Succeeded, string.Join(" ", result.Problems));
    }

    /// <summary>
    /// A generation of one style that no worker picks up, so the test drives the job itself; with
    /// <paramref name="startedUnder"/>, one interrupted after rendering its style under that settings version.
    /// </summary>
    private async Task<Guid> CreateGenerationAsync(int? startedUnder = null)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var photo = await db.Photos.SingleAsync();
        var generation = new Data.Generation
        {
            Id = Guid.NewGuid(),
            UserId = photo.UserId,
            CreatedAt = DateTimeOffset.UtcNow,
            SourcePhotoId = photo.Id,
            Styles = [HeadshotStyles.All[0].Name],
            Intensity = nameof(Intensity.Standard),
            Status = startedUnder is null ? GenerationStatus.Queued : GenerationStatus.Running,
            GateSettingsVersion = startedUnder,
        };
        db.Generations.Add(generation);
        if (startedUnder is not null)
        {
            db.Headshots.Add(new Headshot
            {
                Id = Guid.NewGuid(),
                GenerationId = generation.Id,
                UserId = photo.UserId,
                Style = generation.Styles[0],
                Intensity = generation.Intensity,
                Verdict = "Accept",
                Evidence = "{}",
                CreatedAt = DateTimeOffset.UtcNow,
            });
        }

        await db.SaveChangesAsync();
        return generation.Id;
    }
}
