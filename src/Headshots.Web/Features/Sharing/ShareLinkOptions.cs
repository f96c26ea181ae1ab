using System.ComponentModel.DataAnnotations;

namespace Headshots.Web.Features.Sharing;

public sealed class ShareLinkOptions : IValidatableObject
{
    public const string Section = "ShareLinks";

    /// <summary>How long a new link works unless its owner picks another lifetime.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan DefaultLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The longest lifetime an owner may pick: a forgotten link should stop working on its own.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromDays(180);

    /// <summary>The most headshots one link shows.</summary>
    [Range(1, 50)]
    public int MaxHeadshotsPerLink { get; set; } = 12;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (DefaultLifetime > MaxLifetime)
        {
            yield return new ValidationResult("ShareLinks:DefaultLifetime must not be longer than ShareLinks:MaxLifetime.",
                [nameof(DefaultLifetime), nameof(MaxLifetime)]);
        }
    }
}
