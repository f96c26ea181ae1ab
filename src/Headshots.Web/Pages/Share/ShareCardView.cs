using Headshots.Web.Features.Sharing;

namespace Headshots.Web.Pages.Share;

/// <summary>What the card partial needs: the card, and where its images are served from (the share link or a saved candidate).</summary>
public sealed record ShareCardView(ShareCard Card, Func<Guid, string>? ImageUrl, string? SourceUrl);
