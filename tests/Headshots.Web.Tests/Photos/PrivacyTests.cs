using System.Net;
using Headshots.Web.Data;
using Headshots.Web.Features.Accounts;
using Headshots.Web.Features.Privacy;
using Headshots.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Headshots.Web.Tests.Photos;

[Collection("web")]
public sealed class PrivacyTests(WebAppFixture app) : IAsyncLifetime
{
    private const string Password = "correct horse battery";

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    [Trait("Needs", "Models")]
    public async Task A_photo_is_visible_to_its_owner_only()
    {
        var (owner, photoId) = await UserWithPhotoAsync("owner@example.com");
        await app.CreateUserAsync("other@example.com", Password);
        await app.CreateUserAsync("recruiter@example.com", Password, Roles.Recruiter);
        var other = app.Client();
        await other.LoginAsync("other@example.com", Password);
        var recruiter = app.Client();
        await recruiter.LoginAsync("recruiter@example.com", Password);
        var url = $"/Photos/Image?id={photoId}";

        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(url)).StatusCode);
        Refusals.AssertForbidden(await recruiter.GetAsync(url));
        Refusals.AssertSentToLogin(await app.Client().GetAsync(url));
    }

    [Fact]
    [Trait("Needs", "Models")]
    public async Task Another_user_cannot_delete_or_flag_someone_elses_photo()
    {
        var (_, photoId) = await UserWithPhotoAsync("owner@example.com");
        await app.CreateUserAsync("other@example.com", Password);
        var other = app.Client();
        await other.LoginAsync("other@example.com", Password);
        await other.PostFormAsync("/Photos", [new("agree", "true")], "/Photos?handler=Consent");

        var delete = await other.PostFormAsync("/Photos", [new("id", photoId.ToString())], "/Photos?handler=Delete");
        var insist = await other.PostFormAsync("/Photos", [new("id", photoId.ToString())], "/Photos?handler=Insist");

        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, insist.StatusCode);
        Assert.Equal(1, await CountAsync<Photo>());
    }

    [Fact]
    [Trait("Needs", "Models")]
    public async Task Deleting_a_photo_removes_its_row_bytes_and_embedding_and_gives_a_receipt()
    {
        var (owner, photoId) = await UserWithPhotoAsync("owner@example.com");

        var response = await owner.PostFormAsync("/Photos", [new("id", photoId.ToString())], "/Photos?handler=Delete");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(0, await CountAsync<Photo>());
        Assert.Equal(0, await CountAsync<PhotoContent>());
        var receipt = await owner.GetStringAsync(response.Headers.Location!.ToString());
        Assert.Contains("1 source photo and its face measurements", receipt, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/Photos/Image?id={photoId}")).StatusCode);
    }

    [Fact]
    [Trait("Needs", "Models")]
    public async Task Deleting_the_account_removes_everything_and_leaves_a_receipt()
    {
        var (owner, _) = await UserWithPhotoAsync("leaver@example.com");

        var wrong = await owner.PostFormAsync("/Account/Manage/Delete", [new("password", "not it")]);
        Assert.Contains("nothing was deleted", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var response = await owner.PostFormAsync("/Account/Manage/Delete", [new("password", Password)]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var receipt = await app.Client().GetStringAsync(response.Headers.Location!.ToString());
        Assert.Contains("Your account, e-mail address and password", receipt, StringComparison.Ordinal);
        Assert.Contains("1 source photo and their face measurements", receipt, StringComparison.Ordinal);
        Assert.Contains("0 share links and their view counts", receipt, StringComparison.Ordinal);
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.False(await db.Users.AnyAsync(u => u.Email == "leaver@example.com"));
        Assert.Equal(0, await db.Photos.CountAsync());
        Assert.Equal(0, await db.PhotoContents.CountAsync());
        Assert.Equal(0, await db.Consents.CountAsync());
        Assert.Equal(1, await db.DeletionReceipts.CountAsync());
        Assert.Equal(HttpStatusCode.OK, (await app.Client().LoginAsync("leaver@example.com", Password)).StatusCode);
    }

    [Fact]
    [Trait("Needs", "Models")]
    public async Task Retention_deletes_photos_that_are_due_and_nothing_else()
    {
        await UserWithPhotoAsync("old@example.com");
        await UserWithPhotoAsync("new@example.com");
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var old = await db.Photos.Where(p => db.Users.Any(u => u.Id == p.UserId && u.Email == "old@example.com")).SingleAsync();
            old.UploadedAt = DateTimeOffset.UtcNow.AddDays(-31);
            await db.SaveChangesAsync();
        }

        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<RetentionJob>().RunAsync(CancellationToken.None);
        }

        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var remaining = await db.Photos.Select(p => db.Users.Single(u => u.Id == p.UserId).Email).ToListAsync();
            Assert.Equal(["new@example.com"], remaining);
            Assert.Equal(1, await db.PhotoContents.CountAsync());
            var receipt = await db.DeletionReceipts.SingleAsync();
            Assert.Equal(DeletionService.ByRetention, receipt.Reason);
        }
    }

    [Fact]
    public async Task The_privacy_page_is_public_and_states_the_configured_retention()
    {
        var page = await app.Client().GetAsync("/Privacy");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("deleted 30 days after upload", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recruiters_and_anonymous_users_cannot_open_the_photos_page()
    {
        await app.CreateUserAsync("recruiter@example.com", Password, Roles.Recruiter);
        var recruiter = app.Client();
        await recruiter.LoginAsync("recruiter@example.com", Password);

        Refusals.AssertForbidden(await recruiter.GetAsync("/Photos"));
        Refusals.AssertSentToLogin(await app.Client().GetAsync("/Photos"));
    }

    private async Task<(HttpClient Client, Guid PhotoId)> UserWithPhotoAsync(string email)
    {
        var (client, photoId) = await app.JobSeekerAsync(email, Password);
        return (client, photoId!.Value);
    }

    private Task<int> CountAsync<T>()
        where T : class => app.CountAsync<T>();
}
