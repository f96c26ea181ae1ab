using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Headshots.Vision.Authenticity;
using Headshots.Web.Data;
using Headshots.Web.Features.Accounts;
using Headshots.Web.Features.Audit;
using Headshots.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Headshots.Web.Tests.Sharing;

[Collection("web")]
public sealed partial class ShareLinkTests(WebAppFixture app) : IAsyncLifetime
{
    private const string Password = "correct horse battery";

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_new_link_shows_a_256_bit_token_once_and_the_database_keeps_only_its_hash()
    {
        var (owner, user) = await JobSeekerAsync("owner@example.com");
        var headshot = await HeadshotSeeder.SeedHeadshotAsync(app.Factory.Services, user.Id);

        var first = await CreateLinkAsync(owner, [headshot.Id], "Applications May");
        var second = await CreateLinkAsync(owner, [headshot.Id]);

        Assert.Equal(43, first.Token.Length);
        Assert.Equal(32, Base64Url.DecodeFromChars(first.Token).Length);
        Assert.NotEqual(first.Token, second.Token);
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var stored = await db.ShareLinks.AsNoTracking().SingleAsync(l => l.Id == first.LinkId);
        Assert.Equal(SHA256.HashData(Base64Url.DecodeFromChars(first.Token)), stored.TokenHash);
        Assert.Equal("Applications May", stored.DisplayName);
        Assert.InRange(stored.ExpiresAt - stored.CreatedAt, TimeSpan.FromDays(30) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(30) + TimeSpan.FromMinutes(1));
        // Nowhere else: not in the audit log, not on the owner's page once it was shown.
        var audit = await db.AuditEntries.AsNoTracking().Where(e => e.Kind == AuditEvents.ShareLinkCreated).ToListAsync();
        Assert.Equal(2, audit.Count);
        Assert.Contains(audit, e => e.Subject == $"share-link:{first.LinkId}");
        Assert.All(audit, e => Assert.DoesNotContain(first.Token, e.Details + e.Subject, StringComparison.Ordinal));
        var later = await owner.GetStringAsync("/Headshots/Share");
        Assert.Contains("Applications May", later, StringComparison.Ordinal);
        Assert.DoesNotContain(first.Token, later, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_visitor_without_an_account_sees_the_headshot_and_its_authenticity_card_and_the_view_is_counted()
    {
        var (owner, user) = await JobSeekerAsync("owner@example.com");
        await HeadshotSeeder.SeedPhotoAsync(app.Factory.Services, user.Id, DateTimeOffset.UtcNow.AddDays(-3), DateTime.UtcNow.AddDays(-50));
        var headshot = await HeadshotSeeder.SeedHeadshotAsync(app.Factory.Services, user.Id, score: 0.71f, referencePhotos: 3);
        var link = await CreateLinkAsync(owner, [headshot.Id], "Jobs 2026");
        var visitor = app.Client();

        var page = await visitor.GetAsync($"/s/{link.Token}");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains($"AI-enhanced photo · identity checked against 3 of the person's own photos on {headshot.CreatedAt:d MMM yyyy} · score 0.71 (pass ≥ 0.55)",
            html, StringComparison.Ordinal);
        Assert.Contains("Edits applied: framing, backdrop, light and colour", html, StringComparison.Ordinal);
        Assert.Contains("Source photos taken within the last 2 months.", html, StringComparison.Ordinal);
        Assert.Contains("Jobs 2026", html, StringComparison.Ordinal);
        var image = await visitor.GetAsync($"/s/{link.Token}/image/{headshot.Id}");
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/jpeg", image.Content.Headers.ContentType?.MediaType);
        Assert.Equal(headshot.Content!.Jpeg, await image.Content.ReadAsByteArrayAsync());

        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal(1, await db.ShareLinkViews.CountAsync(v => v.ShareLinkId == link.LinkId));
        var viewed = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Kind == AuditEvents.ShareLinkViewed);
        Assert.Equal($"share-link:{link.LinkId}", viewed.Subject);
        Assert.Contains("Opened 1 time(s)", await owner.GetStringAsync("/Headshots/Share"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signed_in_recruiter_opening_a_link_is_recorded_as_a_visitor_not_by_name()
    {
        var (owner, user) = await JobSeekerAsync("owner@example.com");
        var headshot = await HeadshotSeeder.SeedHeadshotAsync(app.Factory.Services, user.Id);
        var link = await CreateLinkAsync(owner, [headshot.Id]);
        var recruiter = await RecruiterAsync("recruiter@example.com");

        Assert.Equal(HttpStatusCode.OK, (await recruiter.GetAsync($"/s/{link.Token}")).StatusCode);

        // The owner's page promises that only the time of each opening is kept.
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var viewed = await scope.ServiceProvider.GetRequiredService<AppDbContext>().AuditEntries.AsNoTracking()
            .SingleAsync(e => e.Kind == AuditEvents.ShareLinkViewed);
        Assert.Null(viewed.ActorId);
        Assert.Equal(AuditActor.Visitor.Name, viewed.ActorName);
        Assert.DoesNotContain("recruiter@example.com", viewed.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_headshot_the_gate_held_back_and_a_reviewer_approved_says_so_on_its_card()
    {
        var (owner, user) = await JobSeekerAsync("owner@example.com");
        var headshot = await HeadshotSeeder.SeedHeadshotAsync(app.Factory.Services, user.Id, verdict: GateVerdict.Review, score: 0.44f);
        var reviewedAt = new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().Headshots.Where(h => h.Id == headshot.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(h => h.ReviewOutcome, ReviewOutcome.Approved).SetProperty(h => h.ReviewedAt, reviewedAt)
                    .SetProperty(h => h.ReviewReason, "Glasses reflect the flash; same person."));
        }

        var link = await CreateLinkAsync(owner, [headshot.Id]);
        var html = WebUtility.HtmlDecode(await app.Client().GetStringAsync($"/s/{link.Token}"));

        Assert.Contains("score 0.44 (pass ≥ 0.55) · held back by the automatic check, approved by a reviewer on 20 Nov 2026", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Share_responses_forbid_referrers_indexing_sniffing_and_foreign_content_also_when_gone_or_unknown()
    {
        var (owner, user) = await JobSeekerAsync("owner@example.com");
        var headshot = await HeadshotSeeder.SeedHeadshotAsync(app.Factory.Services, user.Id);
        var active = await CreateLinkAsync(owner, [headshot.Id]);
        var revoked = await CreateLinkAsync(owner, [headshot.Id]);
        await RevokeAsync(owner, revoked.LinkId);
        var visitor = app.Client();

        foreach (var (path, status) in new[]
        {
            ($"/s/{active.Token}", HttpStatusCode.OK),
            ($"/s/{active.Token}/image/{headshot.Id}", HttpStatusCode.OK),
            ($"/s/{revoked.Token}", HttpStatusCode.Gone),
            ($"/s/{ShareTokenLike()}", HttpStatusCode.NotFound),
        })
        {
            var response = await visitor.GetAsync(path);
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.Contains("noindex", response.Headers.GetValues("X-Robots-Tag").Single(), StringComparison.Ordinal);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            var csp = response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.StartsWith("default-src 'none'", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Unknown_and_malformed_tokens_are_404_expired_and_revoked_links_are_410()
    {
        var (owner, user) = await JobSeekerAsync("owner@example.com");
        var headshot = await HeadshotSeeder.SeedHeadshotAsync(app.Factory.Services, user.Id);
        var expired = await CreateLinkAsync(owner, [headshot.Id]);
        var revoked = await CreateLinkAsync(owner, [headshot.Id]);
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().ShareLinks.Where(l => l.Id == expired.LinkId)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1)));
        }

        var revoke = await RevokeAsync(owner, revoked.LinkId);
        var visitor = app.Client();

        Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/s/{ShareTokenLike()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync("/s/not-a-token")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync("/s/link")).StatusCode);
        foreach (var gone in new[] { expired, revoked })
        {
            var response = await visitor.GetAsync($"/s/{gone.Token}");
            Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
            Assert.Contains("expired or was withdrawn", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Gone, (await visitor.GetAsync($"/s/{gone.Token}/image/{headshot.Id}")).StatusCode);
        }

        await using var check = app.Factory.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal(0, await db.ShareLinkViews.CountAsync());
        Assert.Equal($"share-link:{revoked.LinkId}", (await db.AuditEntries.SingleAsync(e => e.Kind == AuditEvents.ShareLinkRevoked)).Subject);
    }

    [Fact]
    public async Task The_before_after_comparison_is_offered_only_when_the_owner_allowed_it()
    {
        var (owner, user) = await JobSeekerAsync("owner@example.com");
        var photo = await HeadshotSeeder.SeedPhotoAsync(app.Factory.Services, user.Id, DateTimeOffset.UtcNow.AddDays(-1));
        var headshot = await HeadshotSeeder.SeedHeadshotAsync(app.Factory.Services, user.Id, sourcePhotoId: photo.Id);
        var plain = await CreateLinkAsync(owner, [headshot.Id]);
        var compared = await CreateLinkAsync(owner, [headshot.Id], allowBeforeAfter: true);
        var visitor = app.Client();

        var plainPage = await visitor.GetStringAsync($"/s/{plain.Token}");
        Assert.DoesNotContain("data-testid=\"source-image\"", plainPage, StringComparison.Ordinal);
        Assert.DoesNotContain("/source", plainPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/s/{plain.Token}/source")).StatusCode);

        var comparedPage = await visitor.GetStringAsync($"/s/{compared.Token}");
        Assert.Contains("data-testid=\"source-image\"", comparedPage, StringComparison.Ordinal);
        var source = await visitor.GetAsync($"/s/{compared.Token}/source");
        Assert.Equal(HttpStatusCode.OK, source.StatusCode);
        Assert.Equal(photo.Content!.Jpeg, await source.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Other_job_seekers_recruiters_and_visitors_cannot_make_see_or_revoke_someone_elses_links()
    {
        var (owner, user) = await JobSeekerAsync("owner@example.com");
        var headshot = await HeadshotSeeder.SeedHeadshotAsync(app.Factory.Services, user.Id);
        var held = await HeadshotSeeder.SeedHeadshotAsync(app.Factory.Services, user.Id, verdict: GateVerdict.Review, score: 0.41f, style: "office-window");
        var link = await CreateLinkAsync(owner, [headshot.Id], "Owner's secret link name");
        var (other, otherUser) = await JobSeekerAsync("other@example.com");
        var otherHeadshot = await HeadshotSeeder.SeedHeadshotAsync(app.Factory.Services, otherUser.Id);
        var otherLink = await CreateLinkAsync(other, [otherHeadshot.Id]);

        // Another job seeker: the owner's links are neither listed nor revocable, the owner's headshots not shareable.
        Assert.DoesNotContain("Owner's secret link name", WebUtility.HtmlDecode(await other.GetStringAsync("/Headshots/Share")), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await RevokeAsync(other, link.LinkId)).StatusCode);
        var stolen = await other.PostFormAsync("/Headshots/Share", [new("headshots", headshot.Id.ToString())], "/Headshots/Share?handler=Create");
        Assert.Contains("Only your own approved headshots can be shared", await stolen.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // The owner cannot share an output the gate held back either.
        var heldBack = await owner.PostFormAsync("/Headshots/Share", [new("headshots", held.Id.ToString())], "/Headshots/Share?handler=Create");
        Assert.Contains("Only your own approved headshots can be shared", await heldBack.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // A valid token does not open headshots outside its link.
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync($"/s/{otherLink.Token}/image/{headshot.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync($"/s/{link.Token}/image/{held.Id}")).StatusCode);

        // Recruiters and visitors cannot reach the management page at all.
        await app.CreateUserAsync("recruiter@example.com", Password, Roles.Recruiter);
        var recruiter = app.Client();
        await recruiter.LoginAsync("recruiter@example.com", Password);
        Refusals.AssertForbidden(await recruiter.GetAsync("/Headshots/Share"));
        var visitor = app.Client();
        Refusals.AssertSentToLogin(await visitor.GetAsync("/Headshots/Share"));
        // With a valid antiforgery token of the visitor's own, so only authorization can stop the revocation.
        Refusals.AssertSentToLogin(await visitor.PostFormAsync("/Account/Login", [new("id", link.LinkId.ToString())], "/Headshots/Share?handler=Revoke"));

        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal(2, await db.ShareLinks.CountAsync());
        Assert.Equal(0, await db.ShareLinks.CountAsync(l => l.RevokedAt != null));
        Assert.Equal(HttpStatusCode.OK, (await app.Client().GetAsync($"/s/{link.Token}")).StatusCode);
    }

    [Fact]
    public async Task Deleting_the_headshots_empties_the_link_and_deleting_the_account_deletes_links_views_and_saved_candidates()
    {
        var (owner, user) = await JobSeekerAsync("owner@example.com");
        var first = await HeadshotSeeder.SeedHeadshotAsync(app.Factory.Services, user.Id);
        var second = await HeadshotSeeder.SeedHeadshotAsync(app.Factory.Services, user.Id, style: "office-window");
        var emptied = await CreateLinkAsync(owner, [first.Id]);
        var kept = await CreateLinkAsync(owner, [second.Id]);
        var recruiter = await RecruiterAsync("recruiter@example.com");
        await app.Client().GetAsync($"/s/{kept.Token}");
        await SaveCandidateAsync(recruiter, kept.Token);

        var deleteGeneration = await owner.PostFormAsync("/Headshots", [new("id", first.GenerationId.ToString())], "/Headshots?handler=Delete");

        Assert.Equal(HttpStatusCode.Redirect, deleteGeneration.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await app.Client().GetAsync($"/s/{emptied.Token}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client().GetAsync($"/s/{kept.Token}")).StatusCode);
        Assert.Equal(1, await app.CountAsync<ShareLinkHeadshot>());

        var deleteAccount = await owner.PostFormAsync("/Account/Manage/Delete", [new("password", Password)]);

        Assert.Equal(HttpStatusCode.Redirect, deleteAccount.StatusCode);
        Assert.Equal(0, await app.CountAsync<ShareLink>());
        Assert.Equal(0, await app.CountAsync<ShareLinkHeadshot>());
        Assert.Equal(0, await app.CountAsync<ShareLinkView>());
        Assert.Equal(0, await app.CountAsync<SavedCandidate>());
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync($"/s/{kept.Token}")).StatusCode);
        Assert.DoesNotContain("data-testid=\"candidate\"", await recruiter.GetStringAsync("/Recruiter/Candidates"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_recruiter_saves_a_candidate_reopens_it_without_the_token_and_sees_a_revocation()
    {
        var (owner, user) = await JobSeekerAsync("owner@example.com");
        var headshot = await HeadshotSeeder.SeedHeadshotAsync(app.Factory.Services, user.Id);
        var link = await CreateLinkAsync(owner, [headshot.Id], "Lena Example");
        var recruiter = await RecruiterAsync("recruiter@example.com");
        var opened = await recruiter.GetStringAsync($"/s/{link.Token}");
        Assert.Contains("data-testid=\"save-candidate\"", opened, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"save-candidate\"", await app.Client().GetStringAsync($"/s/{link.Token}"), StringComparison.Ordinal);

        var saved = await SaveCandidateAsync(recruiter, link.Token);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var list = await recruiter.GetStringAsync("/Recruiter/Candidates");
        Assert.Contains("Lena Example", list, StringComparison.Ordinal);
        Assert.Contains(">Active<", list, StringComparison.Ordinal);
        Assert.DoesNotContain(link.Token, list, StringComparison.Ordinal);
        Guid savedId;
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var entry = await scope.ServiceProvider.GetRequiredService<AppDbContext>().SavedCandidates.SingleAsync();
            Assert.Equal(link.LinkId, entry.ShareLinkId);
            savedId = entry.Id;
        }

        var view = await recruiter.GetStringAsync($"/Recruiter/Candidates/View?id={savedId}");
        Assert.Contains("identity checked against 3 of the person", WebUtility.HtmlDecode(view), StringComparison.Ordinal);
        var image = await recruiter.GetAsync($"/Recruiter/Candidates/Image?id={savedId}&headshotId={headshot.Id}");
        Assert.Equal(headshot.Content!.Jpeg, await image.Content.ReadAsByteArrayAsync());

        // Another recruiter and a job seeker get nothing from the entry's id.
        var otherRecruiter = await RecruiterAsync("other-recruiter@example.com");
        Assert.Equal(HttpStatusCode.NotFound, (await otherRecruiter.GetAsync($"/Recruiter/Candidates/View?id={savedId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherRecruiter.GetAsync($"/Recruiter/Candidates/Image?id={savedId}&headshotId={headshot.Id}")).StatusCode);
        var removeByOther = await otherRecruiter.PostFormAsync("/Recruiter/Candidates", [new("id", savedId.ToString())], "/Recruiter/Candidates?handler=Remove");
        Assert.Equal(HttpStatusCode.NotFound, removeByOther.StatusCode);
        Refusals.AssertForbidden(await owner.GetAsync("/Recruiter/Candidates"));
        // 403, not a redirect to log in: the login page's return address would carry the token.
        var anonymousSave = await app.Client().PostFormAsync("/Account/Login", [], $"/s/{link.Token}?handler=Save");
        Refusals.AssertForbidden(anonymousSave, "anonymous save");
        Assert.Null(anonymousSave.Headers.Location);
        Assert.Equal(1, await app.CountAsync<SavedCandidate>());

        await RevokeAsync(owner, link.LinkId);

        Assert.Contains("Revoked by the candidate", await recruiter.GetStringAsync("/Recruiter/Candidates"), StringComparison.Ordinal);
        var afterRevoke = await recruiter.GetStringAsync($"/Recruiter/Candidates/View?id={savedId}");
        Assert.Contains("The candidate has withdrawn this link.", afterRevoke, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await recruiter.GetAsync($"/Recruiter/Candidates/Image?id={savedId}&headshotId={headshot.Id}")).StatusCode);

        var remove = await recruiter.PostFormAsync("/Recruiter/Candidates", [new("id", savedId.ToString())], "/Recruiter/Candidates?handler=Remove");
        Assert.Equal(HttpStatusCode.Redirect, remove.StatusCode);
        Assert.Equal(0, await app.CountAsync<SavedCandidate>());
    }

    private async Task<(HttpClient Client, AppUser User)> JobSeekerAsync(string email)
    {
        var user = await app.CreateUserAsync(email, Password, Roles.JobSeeker);
        var client = app.Client();
        await client.LoginAsync(email, Password);
        return (client, user);
    }

    private async Task<HttpClient> RecruiterAsync(string email)
    {
        await app.CreateUserAsync(email, Password, Roles.Recruiter);
        var client = app.Client();
        await client.LoginAsync(email, Password);
        return client;
    }

    internal static async Task<(string Token, Guid LinkId)> CreateLinkAsync(WebAppFixture app, HttpClient owner, IEnumerable<Guid> headshots,
        string? name = null, bool allowBeforeAfter = false)
    {
        var fields = headshots.Select(id => new KeyValuePair<string, string>("headshots", id.ToString())).ToList();
        if (name is not null)
        {
            fields.Add(new("displayName", name));
        }

        if (allowBeforeAfter)
        {
            fields.Add(new("allowBeforeAfter", "true"));
        }

        var response = await owner.PostFormAsync("/Headshots/Share", fields, "/Headshots/Share?handler=Create");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var match = LinkPattern().Match(await response.Content.ReadAsStringAsync());
        Assert.True(match.Success, "The new link is not shown");
        var token = match.Groups[1].Value;
        var hash = SHA256.HashData(Base64Url.DecodeFromChars(token));
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var id = await scope.ServiceProvider.GetRequiredService<AppDbContext>().ShareLinks.Where(l => l.TokenHash == hash).Select(l => l.Id).SingleAsync();
        return (token, id);
    }

    private Task<(string Token, Guid LinkId)> CreateLinkAsync(HttpClient owner, IEnumerable<Guid> headshots, string? name = null, bool allowBeforeAfter = false) =>
        CreateLinkAsync(app, owner, headshots, name, allowBeforeAfter);

    private static Task<HttpResponseMessage> RevokeAsync(HttpClient owner, Guid linkId) =>
        owner.PostFormAsync("/Headshots/Share", [new("id", linkId.ToString())], "/Headshots/Share?handler=Revoke");

    private static Task<HttpResponseMessage> SaveCandidateAsync(HttpClient recruiter, string token) =>
        recruiter.PostFormAsync($"/s/{token}", [], $"/s/{token}?handler=Save");

    /// <summary>A well-formed token that no link has.</summary>
    private static string ShareTokenLike() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    [GeneratedRegex("value=\"https?://[^/\"]+/s/([A-Za-z0-9_-]{43})\"")]
    private static partial Regex LinkPattern();
}
