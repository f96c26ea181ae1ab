using System.Net;
using Headshots.Web.Features.Accounts;
using Headshots.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Headshots.Web.Tests.Hosting;

[Collection("web")]
public sealed class WebFrontEndTests(WebAppFixture app)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/Account/Login")]
    public async Task Pages_carry_the_security_headers(string path)
    {
        var response = await app.Client().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task Unknown_pages_answer_404_with_a_friendly_page()
    {
        var response = await app.Client().GetAsync("/no/such/page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("There is nothing at this address.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

public sealed class RateLimitTests
{
    [Fact]
    [Trait("Needs", "Models")]
    public async Task Too_many_sign_in_attempts_get_429_with_retry_after()
    {
        await using var database = TestDatabase.Create("limits");
        await using var factory = new HeadshotsFactory(database.ConnectionString, new Dictionary<string, string?>
        {
            ["Jobs:RunServer"] = "false",
            ["RateLimits:AccountPermitsPerMinute"] = "3",
        });
        await factory.StartAndWaitUntilReadyAsync();
        var client = factory.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await client.GetAsync("/Account/Login")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        var limited = await client.GetAsync("/Account/Login");
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 must say when to retry");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Uploads_are_limited_per_user_with_429()
    {
        await using var database = TestDatabase.Create("uploadlimit");
        await using var factory = new HeadshotsFactory(database.ConnectionString, new Dictionary<string, string?>
        {
            ["Jobs:RunServer"] = "false",
            ["RateLimits:UploadPermitsPerMinute"] = "2",
        });
        await factory.StartAndWaitUntilReadyAsync();
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AccountAdministration>().RegisterAsync("up@example.com", "Up", "correct horse battery", Roles.JobSeeker);
        }

        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await client.LoginAsync("up@example.com", "correct horse battery");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            var token = await client.AntiforgeryTokenAsync("/Photos");
            using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
            statuses.Add((await client.PostAsync("/Photos/Upload", form)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.TooManyRequests], statuses);
    }
}
