using System.Net;
using Headshots.Vision.Authenticity;
using Headshots.Web.Data;
using Headshots.Web.Features.Accounts;
using Headshots.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Headshots.Web.Tests.Reviews;

/// <summary>Nobody but an admin reaches the queue or its images, and nobody but the owner reaches a headshot.</summary>
[Collection("web")]
[Trait("Needs", "Models")]
public sealed class ReviewAccessTests(WebAppFixture app) : IAsyncLifetime
{
    private const string Password = "correct horse battery";

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("owner")]
    [InlineData(Roles.JobSeeker)]
    [InlineData(Roles.Recruiter)]
    [InlineData("anonymous")]
    public async Task Only_admins_reach_review_pages_image_endpoints_and_decisions(string who)
    {
        var (ownerClient, photoId, ownerId) = await JobSeekerAsync("owner@example.com");
        var seeded = await ReviewSeed.HeadshotAsync(app.Factory.Services, ownerId, photoId, GateVerdict.Review, appealedAt: DateTimeOffset.UtcNow);
        var client = who switch
        {
            "owner" => ownerClient,
            "anonymous" => app.Client(),
            _ => await SignedInAsync($"{who.ToLowerInvariant()}@example.com", who),
        };

        foreach (var path in new[]
                 {
                     "/Admin/Reviews", "/Admin/Reviews?show=decided", $"/Admin/Reviews/Detail?id={seeded.Id}",
                     $"/Admin/Reviews/Detail?handler=Source&id={seeded.Id}", $"/Admin/Reviews/Detail?handler=Output&id={seeded.Id}",
                 })
        {
            AssertRefused(who, path, await client.GetAsync(path));
        }

        // A valid antiforgery token of this very user, so only authorization can stop the decision.
        var tokenPage = who == "anonymous" ? "/Account/Login" : "/";
        var posted = await client.PostFormAsync(tokenPage, [new("outcome", "Approved"), new("Reason", "Let me in.")], $"/Admin/Reviews/Detail?id={seeded.Id}");
        AssertRefused(who, "POST decision", posted);
        Assert.Null(await DbAsync(db => db.Headshots.Where(h => h.Id == seeded.Id).Select(h => h.ReviewOutcome).SingleAsync()));
    }

    [Fact]
    public async Task Another_job_seeker_cannot_view_download_or_appeal_someone_elses_headshot()
    {
        var (_, photoId, ownerId) = await JobSeekerAsync("owner@example.com");
        var held = await ReviewSeed.HeadshotAsync(app.Factory.Services, ownerId, photoId, GateVerdict.Review);
        var approved = await ReviewSeed.HeadshotAsync(app.Factory.Services, ownerId, photoId, GateVerdict.Review, style: "Approved");
        await DbAsync(db => db.Headshots.Where(h => h.Id == approved.Id).ExecuteUpdateAsync(s => s
            .SetProperty(h => h.ReviewOutcome, ReviewOutcome.Approved)
            .SetProperty(h => h.ReviewReason, "Same person.")
            .SetProperty(h => h.ReviewedAt, DateTimeOffset.UtcNow)));
        var (stranger, _, _) = await JobSeekerAsync("stranger@example.com");

        foreach (var id in new[] { held.Id, approved.Id })
        {
            foreach (var path in new[] { $"/Headshots/Download?id={id}&format=jpeg", $"/Headshots/Download?id={id}&format=png&inline=true", $"/Headshots/View?id={id}" })
            {
                Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(path)).StatusCode);
            }
        }

        var appeal = await stranger.PostFormAsync("/Headshots", [new("id", held.Id.ToString())], "/Headshots?handler=Appeal");
        Assert.Equal(HttpStatusCode.NotFound, appeal.StatusCode);
        Assert.Null(await DbAsync(db => db.Headshots.Where(h => h.Id == held.Id).Select(h => h.AppealRequestedAt).SingleAsync()));
        Assert.DoesNotContain(approved.Id.ToString(), await stranger.GetStringAsync("/Headshots"), StringComparison.Ordinal);
    }

    private static void AssertRefused(string who, string what, HttpResponseMessage response)
    {
        if (who == "anonymous")
        {
            Refusals.AssertSentToLogin(response, $"{who}: {what}");
        }
        else
        {
            Refusals.AssertForbidden(response, $"{who}: {what}");
        }
    }

    private async Task<(HttpClient Client, Guid? PhotoId, string UserId)> JobSeekerAsync(string email)
    {
        var (client, photoId) = await app.JobSeekerAsync(email, Password);
        var userId = await DbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        return (client, photoId, userId);
    }

    private async Task<HttpClient> SignedInAsync(string email, string role)
    {
        await app.CreateUserAsync(email, Password, role);
        var client = app.Client();
        await client.LoginAsync(email, Password);
        return client;
    }

    private async Task<T> DbAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }
}
