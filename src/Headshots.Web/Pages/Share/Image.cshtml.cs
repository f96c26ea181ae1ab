using Headshots.Web.Features.Sharing;
using Headshots.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Headshots.Web.Pages.Share;

/// <summary>/s/{token}/image/{headshotId}: a headshot's JPEG, only while the link is active and only if the link shows it.</summary>
[EnableRateLimiting(RateLimitPolicies.ShareLink)]
public sealed class ImageModel(ShareLinkService links) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid headshotId, CancellationToken cancellationToken)
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

        var jpeg = await links.ImageAsync(link, headshotId, cancellationToken);
        return jpeg is null ? NotFound() : File(jpeg, "image/jpeg");
    }
}
