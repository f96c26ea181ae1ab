using Headshots.Web.Features.Sharing;
using Headshots.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Headshots.Web.Pages.Share;

/// <summary>/s/{token}/source: the one source photo for the before/after comparison, only if the owner allowed it.</summary>
[EnableRateLimiting(RateLimitPolicies.ShareLink)]
public sealed class SourceModel(ShareLinkService links) : PageModel
{
    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var link = await links.FindAsync(HttpContext.Features.Get<ShareTokenFeature>()?.Token, cancellationToken);
        if (link is null)
        {
            return NotFound();
        }

        if (links.StateOf(link) != ShareLinkState.Active)
        {
            return StatusCode(StatusCodes.Status410Gone);
        }

        var jpeg = await links.SourceImageAsync(link, cancellationToken);
        return jpeg is null ? NotFound() : File(jpeg, "image/jpeg");
    }
}
