using System.Net;
using Headshots.Vision.Authenticity;
using Headshots.Web.Data;
using Headshots.Web.Features.Accounts;
using Headshots.Web.Features.Audit;
using Headshots.Web.Features.Privacy;
using Headshots.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Headshots.Web.Tests.Reviews;

[Collection("web")]
[Trait("Needs", "Models")]
public sealed class ReviewQueueTests(WebAppFixture app) : IAsyncLifetime
{
    private const string Password = "correct horse battery";

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Review_band_and_appealed_outputs_are_queued_oldest_first_and_accepted_ones_are_not()
    {
        var (_, ownerId, photoId) = await OwnerAsync("owner@example.com");
        var now = DateTimeOffset.UtcNow;
        var newerReview = await ReviewSeed.HeadshotAsync(app.Factory.Services, ownerId, photoId, GateVerdict.Review, now.AddHours(-1), style: "Newer");
        var olderReview = await ReviewSeed.HeadshotAsync(app.Factory.Services, ownerId, photoId, GateVerdict.Review, now.AddHours(-5), style: "Older");
        var appealedReject = await ReviewSeed.HeadshotAsync(app.Factory.Services, ownerId, photoId, GateVerdict.Reject, now.AddHours(-9), appealedAt: now.AddHours(-3), style: "Appealed");
        var accepted = await ReviewSeed.HeadshotAsync(app.Factory.Services, ownerId, photoId, GateVerdict.Accept, now.AddHours(-7), style: "Accepted");
        var unappealedReject = await ReviewSeed.HeadshotAsync(app.Factory.Services, ownerId, photoId, GateVerdict.Reject, now.AddHours(-8), style: "Quiet");
        var (admin, _) = await AdminAsync("root@example.com");

        var queue = await admin.GetStringAsync("/Admin/Reviews");

        // Queued at: older review −5 h, appeal −3 h, newer review −1 h.
        var order = new[] { olderReview.Id, appealedReject.Id, newerReview.Id }.Select(id => queue.IndexOf(id.ToString(), StringComparison.Ordinal)).ToList();
        Assert.All(order, position => Assert.True(position > 0));
        Assert.Equal(order.Order(), order);
        Assert.DoesNotContain(accepted.Id.ToString(), queue, StringComparison.Ordinal);
        Assert.DoesNotContain(unappealedReject.Id.ToString(), queue, StringComparison.Ordinal);
        Assert.Contains("Waiting (3)", queue, StringComparison.Ordinal);
        Assert.Contains("Review queue (3 waiting)", await admin.GetStringAsync("/Admin"), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await DecideAsync(admin, olderReview.Id, "Rejected", "Not the same person.")).StatusCode);

        var pending = await admin.GetStringAsync("/Admin/Reviews");
        var decided = await admin.GetStringAsync("/Admin/Reviews?show=decided");
        Assert.DoesNotContain(olderReview.Id.ToString(), pending, StringComparison.Ordinal);
        Assert.Contains("Waiting (2)", pending, StringComparison.Ordinal);
        Assert.Contains(olderReview.Id.ToString(), decided, StringComparison.Ordinal);
        Assert.DoesNotContain(newerReview.Id.ToString(), decided, StringComparison.Ordinal);
        Assert.Contains("Review queue (2 waiting)", await admin.GetStringAsync("/Admin"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approving_makes_the_output_downloadable_to_its_owner_keeps_the_gate_verdict_and_is_audited()
    {
        var (owner, ownerId, photoId) = await OwnerAsync("owner@example.com");
        var seeded = await ReviewSeed.HeadshotAsync(app.Factory.Services, ownerId, photoId, GateVerdict.Review);
        var (admin, adminUser) = await AdminAsync("reviewer.quinn@example.com");
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/Headshots/Download?id={seeded.Id}&format=jpeg")).StatusCode);
        Assert.DoesNotContain("data-testid=\"download-jpeg\"", await owner.GetStringAsync("/Headshots"), StringComparison.Ordinal);

        var response = await DecideAsync(admin, seeded.Id, "Approved", "  Same person; the lighting fooled the gate.  ");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var download = await owner.GetAsync($"/Headshots/Download?id={seeded.Id}&format=jpeg");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(seeded.Jpeg, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/Headshots/Download?id={seeded.Id}&format=png")).StatusCode);

        var gallery = await owner.GetStringAsync("/Headshots");
        Assert.Contains($"Download?id={seeded.Id}&amp;format=jpeg\" data-testid=\"download-jpeg\"", gallery, StringComparison.Ordinal);
        Assert.Contains($"Approved by a reviewer on {DateTimeOffset.UtcNow:d MMM yyyy}.", gallery, StringComparison.Ordinal);
        var view = await owner.GetStringAsync($"/Headshots/View?id={seeded.Id}");
        Assert.Contains("Approved by a reviewer on", view, StringComparison.Ordinal);
        Assert.Contains("Download JPEG", view, StringComparison.Ordinal);
        Assert.DoesNotContain("reviewer.quinn", view + gallery, StringComparison.Ordinal); // reviewers stay anonymous to owners

        var stored = await DbAsync(db => db.Headshots.AsNoTracking().SingleAsync(h => h.Id == seeded.Id));
        Assert.Equal("Review", stored.Verdict);
        Assert.Equal(ReviewOutcome.Approved, stored.ReviewOutcome);
        Assert.Equal("Same person; the lighting fooled the gate.", stored.ReviewReason);
        Assert.Equal(adminUser.Id, stored.ReviewedById);
        Assert.Equal(adminUser.DisplayName, stored.ReviewerName);
        Assert.NotNull(stored.ReviewedAt);

        var entry = await DbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(e => e.Kind == AuditEvents.ReviewDecided));
        Assert.Equal($"headshot:{seeded.Id}", entry.Subject);
        Assert.Equal(adminUser.Id, entry.ActorId);
        Assert.Contains("Approved", entry.Details, StringComparison.Ordinal);
        Assert.Contains("Same person; the lighting fooled the gate.", entry.Details, StringComparison.Ordinal);
        await using var scope = app.Factory.Services.CreateAsyncScope();
        Assert.True((await scope.ServiceProvider.GetRequiredService<AuditLog>().VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task Rejecting_keeps_the_output_hidden_and_tells_the_owner_why()
    {
        var (owner, ownerId, photoId) = await OwnerAsync("owner@example.com");
        var seeded = await ReviewSeed.HeadshotAsync(app.Factory.Services, ownerId, photoId, GateVerdict.Review);
        var appealed = await owner.PostFormAsync("/Headshots", [new("id", seeded.Id.ToString())], "/Headshots?handler=Appeal");
        Assert.Equal(HttpStatusCode.Redirect, appealed.StatusCode);
        var (admin, _) = await AdminAsync("root@example.com");

        Assert.Equal(HttpStatusCode.Redirect, (await DecideAsync(admin, seeded.Id, "Rejected", "The jaw line was reshaped.")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/Headshots/Download?id={seeded.Id}&format=jpeg")).StatusCode);
        var gallery = await owner.GetStringAsync("/Headshots");
        Assert.Contains("Rejected by a reviewer: The jaw line was reshaped.", gallery, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"download-jpeg\"", gallery, StringComparison.Ordinal);
        Assert.DoesNotContain("Ask a person to review it", gallery, StringComparison.Ordinal);
        Assert.Contains("Rejected by a reviewer: The jaw line was reshaped.", await owner.GetStringAsync($"/Headshots/View?id={seeded.Id}"), StringComparison.Ordinal);
        Assert.False(await DbAsync(db => db.Headshots.Where(Headshot.IsApprovedHeadshot).AnyAsync(h => h.Id == seeded.Id)));
    }

    [Fact]
    public async Task A_decision_needs_a_reason_and_nothing_is_recorded_without_one()
    {
        var (_, ownerId, photoId) = await OwnerAsync("owner@example.com");
        var seeded = await ReviewSeed.HeadshotAsync(app.Factory.Services, ownerId, photoId, GateVerdict.Review);
        var (admin, _) = await AdminAsync("root@example.com");

        var response = await DecideAsync(admin, seeded.Id, "Approved", "   ");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Give a reason", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await DbAsync(db => db.Headshots.Where(h => h.Id == seeded.Id).Select(h => h.ReviewOutcome).SingleAsync()));
        Assert.Equal(0, await DbAsync(db => db.AuditEntries.CountAsync(e => e.Kind == AuditEvents.ReviewDecided)));

        var tooLong = await DecideAsync(admin, seeded.Id, "Approved", new string('x', Headshot.ReviewReasonMaxLength + 1));
        Assert.Contains("Keep the reason under", await tooLong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var nonsense = await DecideAsync(admin, seeded.Id, "Maybe", "A reason.");
        Assert.Contains("Choose approve or reject.", await nonsense.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await DbAsync(db => db.Headshots.Where(h => h.Id == seeded.Id).Select(h => h.ReviewOutcome).SingleAsync()));
    }

    [Fact]
    public async Task Two_reviewers_deciding_at_once_record_exactly_one_decision_and_the_other_is_told()
    {
        var (_, ownerId, photoId) = await OwnerAsync("owner@example.com");
        var seeded = await ReviewSeed.HeadshotAsync(app.Factory.Services, ownerId, photoId, GateVerdict.Review);
        var (first, _) = await AdminAsync("ann@example.com");
        var (second, _) = await AdminAsync("ben@example.com");
        var page = $"/Admin/Reviews/Detail?id={seeded.Id}";
        var tokens = await Task.WhenAll(first.AntiforgeryTokenAsync(page), second.AntiforgeryTokenAsync(page));

        var responses = await Task.WhenAll(
            first.PostAsync(page, Form(tokens[0], "Approved", "Looks like her.")),
            second.PostAsync(page, Form(tokens[1], "Rejected", "Does not look like her.")));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Redirect);
        var loser = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        var loserPage = await loser.Content.ReadAsStringAsync();
        Assert.Contains("Already decided", loserPage, StringComparison.Ordinal);
        Assert.Equal(1, await DbAsync(db => db.AuditEntries.CountAsync(e => e.Kind == AuditEvents.ReviewDecided)));
        var stored = await DbAsync(db => db.Headshots.AsNoTracking().SingleAsync(h => h.Id == seeded.Id));
        var winnerIsFirst = responses[0].StatusCode == HttpStatusCode.Redirect;
        Assert.Equal(winnerIsFirst ? ReviewOutcome.Approved : ReviewOutcome.Rejected, stored.ReviewOutcome);
        Assert.Equal(winnerIsFirst ? "ann" : "ben", stored.ReviewerName);

        // Later, too: the decision stands.
        var again = await DecideAsync(first, seeded.Id, "Rejected", "Changed my mind.");
        Assert.Contains("Already decided", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(stored.ReviewOutcome, await DbAsync(db => db.Headshots.Where(h => h.Id == seeded.Id).Select(h => h.ReviewOutcome).SingleAsync()));
        Assert.Equal(1, await DbAsync(db => db.AuditEntries.CountAsync(e => e.Kind == AuditEvents.ReviewDecided)));
    }

    [Fact]
    public async Task An_output_without_an_image_cannot_be_approved_only_rejected()
    {
        var (_, ownerId, photoId) = await OwnerAsync("owner@example.com");
        var seeded = await ReviewSeed.HeadshotAsync(app.Factory.Services, ownerId, photoId, GateVerdict.Reject, appealedAt: DateTimeOffset.UtcNow);
        var (admin, _) = await AdminAsync("root@example.com");
        var detail = await admin.GetStringAsync($"/Admin/Reviews/Detail?id={seeded.Id}");
        Assert.DoesNotContain("data-testid=\"approve\"", detail, StringComparison.Ordinal);

        var approve = await DecideAsync(admin, seeded.Id, "Approved", "Looks fine.");

        Assert.Contains("There is no image to approve", await approve.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await DbAsync(db => db.Headshots.Where(h => h.Id == seeded.Id).Select(h => h.ReviewOutcome).SingleAsync()));
        Assert.Equal(HttpStatusCode.Redirect, (await DecideAsync(admin, seeded.Id, "Rejected", "Nothing to show.")).StatusCode);
    }

    [Fact]
    public async Task Detail_shows_source_and_output_side_by_side_with_every_number_and_says_when_the_source_is_gone()
    {
        var (_, ownerId, photoId) = await OwnerAsync("owner@example.com");
        var seeded = await ReviewSeed.HeadshotAsync(app.Factory.Services, ownerId, photoId, GateVerdict.Review);
        var (admin, _) = await AdminAsync("root@example.com");

        var detail = await admin.GetStringAsync($"/Admin/Reviews/Detail?id={seeded.Id}");

        var scores = seeded.Decision.Scores;
        Assert.Contains($"data-testid=\"identity\">{scores.Identity:0.000}<", detail, StringComparison.Ordinal);
        Assert.Contains("to the mean of 3 references", detail, StringComparison.Ordinal);
        Assert.Contains(string.Join(", ", scores.ReferenceSimilarities.Select(s => s.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture))), detail, StringComparison.Ordinal);
        Assert.Contains($"data-testid=\"source-score\">{scores.SourceSimilarity:0.000}<", detail, StringComparison.Ordinal);
        Assert.Contains($"data-testid=\"skin\">{scores.SkinToneDeltaE:0.0}<", detail, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"geometry\">5.2 %<", detail, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"faces\">1 in the output<", detail, StringComparison.Ordinal);
        Assert.Contains("accept ≥ 0.550, review from 0.400", System.Net.WebUtility.HtmlDecode(detail), StringComparison.Ordinal);
        Assert.Contains("below the 0.55 needed to pass", detail, StringComparison.Ordinal);
        Assert.Equal(3, CountOf(detail, "data-testid=\"attempt\""));
        Assert.Contains("data-testid=\"source-image\"", detail, StringComparison.Ordinal);

        var output = await admin.GetAsync($"/Admin/Reviews/Detail?handler=Output&id={seeded.Id}");
        Assert.Equal("image/jpeg", output.Content.Headers.ContentType?.MediaType);
        Assert.Equal(seeded.Jpeg, await output.Content.ReadAsByteArrayAsync());
        var source = await admin.GetAsync($"/Admin/Reviews/Detail?handler=Source&id={seeded.Id}");
        Assert.Equal(await DbAsync(db => db.PhotoContents.Where(c => c.PhotoId == photoId).Select(c => c.Jpeg).SingleAsync()), await source.Content.ReadAsByteArrayAsync());

        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            Assert.NotNull(await scope.ServiceProvider.GetRequiredService<DeletionService>().DeletePhotoAsync(ownerId, photoId, CancellationToken.None));
        }

        var afterDeletion = await admin.GetStringAsync($"/Admin/Reviews/Detail?id={seeded.Id}");
        Assert.Contains("The source photo has been deleted", afterDeletion, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/Admin/Reviews/Detail?handler=Source&id={seeded.Id}")).StatusCode);
    }

    [Fact]
    public async Task Admin_image_endpoints_serve_only_headshots_in_the_queue()
    {
        var (_, ownerId, photoId) = await OwnerAsync("owner@example.com");
        var accepted = await ReviewSeed.HeadshotAsync(app.Factory.Services, ownerId, photoId, GateVerdict.Accept);
        var (admin, _) = await AdminAsync("root@example.com");

        foreach (var path in new[] { "", "&handler=Output", "&handler=Source" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/Admin/Reviews/Detail?id={accepted.Id}{path}")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await DecideAsync(admin, accepted.Id, "Rejected", "Trying anyway.")).StatusCode);
        Assert.Null(await DbAsync(db => db.Headshots.Where(h => h.Id == accepted.Id).Select(h => h.ReviewOutcome).SingleAsync()));
    }

    [Fact]
    public async Task A_decision_outlives_the_reviewers_account()
    {
        var (owner, ownerId, photoId) = await OwnerAsync("owner@example.com");
        var seeded = await ReviewSeed.HeadshotAsync(app.Factory.Services, ownerId, photoId, GateVerdict.Review);
        var (admin, adminUser) = await AdminAsync("leaving@example.com");
        await AdminAsync("staying@example.com");
        Assert.Equal(HttpStatusCode.Redirect, (await DecideAsync(admin, seeded.Id, "Approved", "Same person.")).StatusCode);

        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var user = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Users.SingleAsync(u => u.Id == adminUser.Id);
            await scope.ServiceProvider.GetRequiredService<DeletionService>().DeleteAccountAsync(user, CancellationToken.None);
        }

        var stored = await DbAsync(db => db.Headshots.AsNoTracking().SingleAsync(h => h.Id == seeded.Id));
        Assert.Null(stored.ReviewedById);
        Assert.Equal("leaving", stored.ReviewerName);
        Assert.Equal(ReviewOutcome.Approved, stored.ReviewOutcome);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/Headshots/Download?id={seeded.Id}&format=jpeg")).StatusCode);
    }

    [Fact]
    public async Task The_approved_rule_reads_the_same_in_SQL_and_in_memory()
    {
        var (_, ownerId, photoId) = await OwnerAsync("owner@example.com");
        var seeds = new List<(Guid Id, ReviewOutcome? Outcome)>();
        foreach (var verdict in new[] { GateVerdict.Accept, GateVerdict.Review, GateVerdict.Reject })
        {
            foreach (var outcome in new ReviewOutcome?[] { null, ReviewOutcome.Approved, ReviewOutcome.Rejected })
            {
                var seeded = await ReviewSeed.HeadshotAsync(app.Factory.Services, ownerId, photoId, verdict, style: $"{verdict}-{outcome}");
                await DbAsync(db => db.Headshots.Where(h => h.Id == seeded.Id).ExecuteUpdateAsync(s => s.SetProperty(h => h.ReviewOutcome, outcome)));
                seeds.Add((seeded.Id, outcome));
            }
        }

        var inSql = await DbAsync(db => db.Headshots.Where(Headshot.IsApprovedHeadshot).Select(h => h.Style).ToListAsync());
        var inMemory = (await DbAsync(db => db.Headshots.AsNoTracking().ToListAsync())).Where(h => h.IsApproved).Select(h => h.Style).ToList();

        // A reviewer's decision wins; without one, only the gate's Accept counts.
        Assert.Equal(["Accept-", "Accept-Approved", "Reject-Approved", "Review-Approved"], inSql.Order());
        Assert.Equal(inSql.Order(), inMemory.Order());
    }

    private static FormUrlEncodedContent Form(string token, string outcome, string reason) => new(
    [
        new("outcome", outcome),
        new("Reason", reason),
        new("__RequestVerificationToken", token),
    ]);

    // The token comes from the admin home page, so a decision on an id that has no detail page can still be attempted.
    private static Task<HttpResponseMessage> DecideAsync(HttpClient admin, Guid id, string outcome, string reason) =>
        admin.PostFormAsync("/Admin", [new("outcome", outcome), new("Reason", reason)], $"/Admin/Reviews/Detail?id={id}");

    private static int CountOf(string text, string value) => (text.Length - text.Replace(value, "", StringComparison.Ordinal).Length) / value.Length;

    private async Task<(HttpClient Client, string UserId, Guid PhotoId)> OwnerAsync(string email)
    {
        var (client, photoId) = await app.JobSeekerAsync(email, Password);
        var userId = await DbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        return (client, userId, photoId!.Value);
    }

    private async Task<(HttpClient Client, AppUser User)> AdminAsync(string email)
    {
        var user = await app.CreateUserAsync(email, Password, Roles.Admin);
        var client = app.Client();
        await client.LoginAsync(email, Password);
        return (client, user);
    }

    private async Task<T> DbAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }
}
