using System.Net;
using System.Text;
using System.Text.Json;
using Headshots.Vision.Enhancement;
using Headshots.Vision.Faces;
using Headshots.Web.Data;
using Headshots.Web.Features.Accounts;
using Headshots.Web.Features.Generation;
using Headshots.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Headshots.Web.Tests.Generation;

[Collection("web")]
public sealed class GenerationTests(WebAppFixture app) : IAsyncLifetime
{
    private const string Password = "correct horse battery";

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    [Trait("Needs", "Models")]
    public async Task A_generation_runs_on_the_worker_with_the_real_models_and_the_owner_downloads_an_approved_headshot()
    {
        var owner = await JobSeekerWithPhotoAsync("owner@example.com");
        var style = HeadshotStyles.All[0].Name;

        var posted = await owner.PostFormAsync("/Headshots", [new("styles", style), new("intensity", "Standard")], "/Headshots?handler=Generate");
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);

        var generation = await WaitUntilFinishedAsync();
        Assert.Equal(GenerationStatus.Completed, generation.Status);
        Assert.Equal(1, generation.Attempts);
        Assert.Contains("AcceptAt", generation.GateSettings, StringComparison.Ordinal);
        Assert.Contains("fr_feature", generation.Models, StringComparison.Ordinal);
        var headshot = Assert.Single(generation.Headshots);
        Assert.Equal("Accept", headshot.Verdict);
        Assert.True(headshot.Score >= 0.5f, $"score {headshot.Score}");
        Assert.True(Math.Max(headshot.Width, headshot.Height) >= 512);

        var status = JsonDocument.Parse(await owner.GetStringAsync($"/Headshots/Status?id={generation.Id}")).RootElement;
        Assert.True(status.GetProperty("finished").GetBoolean());
        var gallery = await owner.GetStringAsync("/Headshots");
        Assert.Contains("Looks like you: " + headshot.Score!.Value.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), gallery, StringComparison.Ordinal);

        var view = await owner.GetStringAsync($"/Headshots/View?id={headshot.Id}");
        Assert.Contains("Faces in the headshot: 1", view, StringComparison.Ordinal);
        Assert.Contains("Similarity to the photo it was made from: 0.", view, StringComparison.Ordinal);

        var download = await owner.GetAsync($"/Headshots/Download?id={headshot.Id}&format=jpeg");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("image/jpeg", download.Content.Headers.ContentType?.MediaType);
        var text = Encoding.ASCII.GetString(await download.Content.ReadAsByteArrayAsync());
        Assert.Contains("algorithmicallyEnhanced", text, StringComparison.Ordinal);
        Assert.Contains($"hs:HeadshotId=\"{headshot.Id:D}\"", text, StringComparison.Ordinal); // lets Recruiter/Verify trace a changed copy
        Assert.DoesNotContain("Exif", text, StringComparison.Ordinal);
        var png = await owner.GetAsync($"/Headshots/Download?id={headshot.Id}&format=png");
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);

        // Nobody else gets anything at any of these addresses.
        await app.CreateUserAsync("other@example.com", Password);
        await app.CreateUserAsync("recruiter@example.com", Password, Roles.Recruiter);
        var other = app.Client();
        await other.LoginAsync("other@example.com", Password);
        var recruiter = app.Client();
        await recruiter.LoginAsync("recruiter@example.com", Password);
        string[] urls = [$"/Headshots/Download?id={headshot.Id}&format=jpeg", $"/Headshots/View?id={headshot.Id}", $"/Headshots/Status?id={generation.Id}"];
        foreach (var url in urls)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(url)).StatusCode);
            Refusals.AssertForbidden(await recruiter.GetAsync(url));
            Refusals.AssertSentToLogin(await app.Client().GetAsync(url));
        }

        Assert.Equal(HttpStatusCode.NotFound, (await other.PostFormAsync("/Headshots", [new("id", headshot.Id.ToString())], "/Headshots?handler=Appeal")).StatusCode);
    }

    [Fact]
    [Trait("Needs", "Models")]
    public async Task A_job_aborted_mid_render_resumes_without_duplicates()
    {
        await JobSeekerWithPhotoAsync("owner@example.com");
        var styles = HeadshotStyles.All.Take(2).Select(s => s.Name).ToList();
        var id = await CreateGenerationAsync(styles);

        // First run: abort once the first style's headshot is saved, as a worker shutdown or crash would.
        using (var abort = new CancellationTokenSource())
        {
            var run = RunJobAsync(id, abort.Token);
            await WaitForAsync(async db => await db.Headshots.CountAsync(h => h.GenerationId == id) >= 1 || run.IsCompleted);
            await abort.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        }

        await RunJobAsync(id, CancellationToken.None);

        await using var scope = app.Factory.Services.CreateAsyncScope();
        var generation = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Generations.Include(g => g.Headshots).SingleAsync(g => g.Id == id);
        Assert.Equal(GenerationStatus.Completed, generation.Status);
        Assert.Equal(2, generation.Attempts);
        Assert.Equal(styles.Order(), generation.Headshots.Select(h => h.Style).Order());
    }

    [Fact]
    [Trait("Needs", "Models")]
    public async Task Three_crashed_starts_end_in_could_not_be_processed_and_the_loop_stops()
    {
        await JobSeekerWithPhotoAsync("owner@example.com");
        var id = await CreateGenerationAsync([HeadshotStyles.All[0].Name]);

        for (var crash = 1; crash <= GenerationJob.MaxAttempts; crash++)
        {
            using var kill = new CancellationTokenSource();
            var run = RunJobAsync(id, kill.Token);
            var expected = crash;
            await WaitForAsync(async db => (await db.Generations.SingleAsync(g => g.Id == id)).Attempts == expected);
            await kill.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        }

        await RunJobAsync(id, CancellationToken.None);
        await RunJobAsync(id, CancellationToken.None);

        await using var scope = app.Factory.Services.CreateAsyncScope();
        var generation = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Generations.Include(g => g.Headshots).SingleAsync(g => g.Id == id);
        Assert.Equal(GenerationStatus.CouldNotBeProcessed, generation.Status);
        Assert.Equal(GenerationJob.MaxAttempts + 1, generation.Attempts);
        Assert.Contains("could not be processed", generation.Message, StringComparison.Ordinal);
        Assert.Empty(generation.Headshots);
    }

    [Fact]
    [Trait("Needs", "Models")]
    public async Task A_generation_whose_photo_was_deleted_fails_once_with_a_message()
    {
        await JobSeekerWithPhotoAsync("owner@example.com");
        var id = await CreateGenerationAsync([HeadshotStyles.All[0].Name]);
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().Photos.ExecuteDeleteAsync();
        }

        await RunJobAsync(id, CancellationToken.None);

        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var generation = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Generations.SingleAsync(g => g.Id == id);
            Assert.Equal(GenerationStatus.Failed, generation.Status);
            Assert.Equal(1, generation.Attempts);
            Assert.Contains("has been deleted", generation.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    [Trait("Needs", "Models")]
    public async Task A_reference_embedded_by_an_older_face_pipeline_is_recomputed_before_the_gate_compares_with_it()
    {
        await JobSeekerWithPhotoAsync("upgraded@example.com");
        var id = await CreateGenerationAsync([HeadshotStyles.All[0].Name]);
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            // As an install upgraded from pipeline version 1 has it; the scrambled vector would score as a stranger.
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var photo = await db.Photos.SingleAsync();
            photo.Embedding = [.. photo.Embedding.Select((v, i) => i % 2 == 0 ? v : -v)];
            photo.EmbeddingVersion = FaceEmbedding.PipelineVersion - 1;
            await db.SaveChangesAsync();
        }

        await RunJobAsync(id, CancellationToken.None);

        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.Equal(FaceEmbedding.PipelineVersion, (await db.Photos.SingleAsync()).EmbeddingVersion);
            var generation = await db.Generations.Include(g => g.Headshots).SingleAsync(g => g.Id == id);
            Assert.Equal(GenerationStatus.Completed, generation.Status);
            Assert.Equal("Accept", Assert.Single(generation.Headshots).Verdict);
        }
    }

    [Fact]
    public async Task Generating_without_a_photo_says_to_upload_one_first()
    {
        await app.CreateUserAsync("empty@example.com", Password, Roles.JobSeeker);
        var client = app.Client();
        await client.LoginAsync("empty@example.com", Password);
        var token = await client.AntiforgeryTokenAsync("/Account/Manage/ChangePassword");

        var response = await client.PostAsync("/Headshots?handler=Generate", new FormUrlEncodedContent(
            [new("styles", HeadshotStyles.All[0].Name), new("intensity", "Standard"), new("__RequestVerificationToken", token)]));

        Assert.Contains("Upload at least one photo of yourself first.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<HttpClient> JobSeekerWithPhotoAsync(string email) => (await app.JobSeekerAsync(email, Password)).Client;

    /// <summary>A queued generation that no worker will pick up, so the test drives the job itself.</summary>
    private async Task<Guid> CreateGenerationAsync(List<string> styles)
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
            Styles = styles,
            Intensity = nameof(Intensity.Standard),
            Status = GenerationStatus.Queued,
        };
        db.Generations.Add(generation);
        await db.SaveChangesAsync();
        return generation.Id;
    }

    private async Task RunJobAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<GenerationJob>().RunAsync(id, cancellationToken);
    }

    private async Task<Data.Generation> WaitUntilFinishedAsync()
    {
        Data.Generation? generation = null;
        await WaitForAsync(async db =>
        {
            generation = await db.Generations.AsNoTracking().Include(g => g.Headshots).SingleOrDefaultAsync();
            return generation?.IsFinished == true;
        }, TimeSpan.FromMinutes(3));
        return generation!;
    }

    private async Task WaitForAsync(Func<AppDbContext, Task<bool>> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(2));
        while (true)
        {
            await using (var scope = app.Factory.Services.CreateAsyncScope())
            {
                if (await condition(scope.ServiceProvider.GetRequiredService<AppDbContext>()))
                {
                    return;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(100);
        }
    }
}
