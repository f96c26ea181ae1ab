using System.Net;

namespace Headshots.Web.Tests.Infrastructure;

/// <summary>
/// The exact answers the app gives a request it refuses. Each asserts one status, so an error page (a 500) or a
/// redirect to somewhere else never passes for a refusal.
/// </summary>
public static class Refusals
{
    private static readonly Uri TestServer = new("http://localhost");

    /// <summary>Anonymous request for a page that needs an account: 302 to the login page.</summary>
    public static void AssertSentToLogin(HttpResponseMessage response, string? what = null)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{what ?? response.RequestMessage?.RequestUri?.PathAndQuery}: expected 302 to the login page, got {(int)response.StatusCode}");
        Assert.Equal("/Account/Login", new Uri(TestServer, response.Headers.Location!).AbsolutePath);
    }

    /// <summary>Signed-in user without the role the page or action needs: 403 in place.</summary>
    public static void AssertForbidden(HttpResponseMessage response, string? what = null) =>
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden,
            $"{what ?? response.RequestMessage?.RequestUri?.PathAndQuery}: expected 403, got {(int)response.StatusCode} {response.Headers.Location}");
}
