namespace Headshots.Vision.Enhancement;

/// <summary>How far the optional stages go. The gate loop steps down from the chosen intensity when it must.</summary>
public enum Intensity
{
    Light,
    Standard,
    Polished,
}

public enum BackgroundKind
{
    StudioGrey,
    BrightWhite,
    CorporateNavy,
    SoftGradient,
    BlurredOriginal,
}

/// <summary>An sRGB colour with channels in 0..1.</summary>
public readonly record struct RgbColor(float R, float G, float B)
{
    public static RgbColor FromBytes(byte r, byte g, byte b) => new(r / 255f, g / 255f, b / 255f);
}

/// <summary>Where the face goes in the frame. Ratios, so every output of a style has the same composition at any size.</summary>
public sealed record Composition
{
    /// <summary>Width ÷ height of the output: 1 (square avatars) or 0.8 (4:5 portrait, the usual profile-photo crop).</summary>
    public required float Aspect { get; init; }

    /// <summary>
    /// Height of the eye line from the top, as a share of the frame. 0.40 puts the eyes near the upper third line with room
    /// for the shoulders below, the classic head-and-shoulders portrait.
    /// </summary>
    public float EyeLine { get; init; } = 0.40f;

    /// <summary>
    /// Jaw width (landmark 0 to 16) as a share of the frame width. 0.30 on a 4:5 frame leaves the shoulders in; a square
    /// avatar is shown small and round, so it crops tighter.
    /// </summary>
    public required float FaceWidth { get; init; }
}

/// <summary>Per-stage strengths in 0..1 for one intensity; the gate loop multiplies them by the attempt's factor.</summary>
public sealed record StageStrengths(float Restoration, float Retouch, float Light)
{
    public StageStrengths Scaled(float factor) => new(Restoration * factor, Retouch * factor, Light * factor);
}

/// <summary>A named look: composition, background and the finishing touches around the subject.</summary>
public sealed record HeadshotStyle
{
    public required string Name { get; init; }

    public required string Description { get; init; }

    public required Composition Composition { get; init; }

    public required BackgroundKind Background { get; init; }

    /// <summary>Main backdrop colour (centre colour for the gradients).</summary>
    public RgbColor Color { get; init; }

    /// <summary>Second colour: the edges of a radial backdrop or the bottom of the soft gradient.</summary>
    public RgbColor EdgeColor { get; init; }

    /// <summary>Darkening of the backdrop's corners (0 = none). A light vignette keeps the eye on the face.</summary>
    public float Vignette { get; init; }

    /// <summary>Darkening of the backdrop right around and below the subject, as a soft contact shadow gives (0 = none).</summary>
    public float Shadow { get; init; }
}

/// <summary>The built-in styles and what each intensity means.</summary>
public static class HeadshotStyles
{
    private static readonly Composition Portrait = new() { Aspect = 0.8f, FaceWidth = 0.30f };
    private static readonly Composition Square = new() { Aspect = 1f, FaceWidth = 0.34f };

    public static IReadOnlyList<HeadshotStyle> All { get; } =
    [
        new()
        {
            Name = "studio-grey",
            Description = "Mid-grey studio backdrop, lighter behind the head, 4:5.",
            Composition = Portrait,
            Background = BackgroundKind.StudioGrey,
            Color = RgbColor.FromBytes(150, 152, 155),
            EdgeColor = RgbColor.FromBytes(96, 98, 102),
            Vignette = 0.10f,
            Shadow = 0.12f,
        },
        new()
        {
            Name = "bright-white",
            Description = "Clean bright white, as many job sites and ID-style profiles ask for, 4:5.",
            Composition = Portrait,
            Background = BackgroundKind.BrightWhite,
            Color = RgbColor.FromBytes(246, 246, 246),
            EdgeColor = RgbColor.FromBytes(238, 238, 238),
            Shadow = 0.06f,
        },
        new()
        {
            Name = "corporate-navy",
            Description = "Deep navy backdrop with a soft glow behind the head, 4:5.",
            Composition = Portrait,
            Background = BackgroundKind.CorporateNavy,
            Color = RgbColor.FromBytes(44, 62, 96),
            EdgeColor = RgbColor.FromBytes(20, 30, 52),
            Vignette = 0.12f,
            Shadow = 0.15f,
        },
        new()
        {
            Name = "soft-gradient",
            Description = "Light blue-grey fading to a warmer grey at the bottom, 4:5.",
            Composition = Portrait,
            Background = BackgroundKind.SoftGradient,
            Color = RgbColor.FromBytes(214, 222, 230),
            EdgeColor = RgbColor.FromBytes(168, 170, 176),
            Vignette = 0.05f,
            Shadow = 0.08f,
        },
        new()
        {
            Name = "natural-blur",
            Description = "The photo's own surroundings, strongly blurred like a wide-aperture lens, 4:5.",
            Composition = Portrait,
            Background = BackgroundKind.BlurredOriginal,
            Vignette = 0.06f,
        },
        new()
        {
            Name = "avatar-square",
            Description = "Studio grey, square and a little tighter, for round profile avatars.",
            Composition = Square,
            Background = BackgroundKind.StudioGrey,
            Color = RgbColor.FromBytes(150, 152, 155),
            EdgeColor = RgbColor.FromBytes(96, 98, 102),
            Vignette = 0.08f,
            Shadow = 0.10f,
        },
    ];

    public static HeadshotStyle Default => All[0];

    public static HeadshotStyle Find(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown style '{name}'. Styles: {string.Join(", ", All.Select(s => s.Name))}.", nameof(name));

    /// <summary>
    /// Strengths per intensity. Light only tidies; Polished is as far as the stages go, still bounded by each stage's own
    /// limits (skin-tone budget, texture kept) and then by the gate.
    /// </summary>
    public static StageStrengths Strengths(Intensity intensity) => intensity switch
    {
        Intensity.Light => new StageStrengths(Restoration: 0.5f, Retouch: 0.3f, Light: 0.5f),
        Intensity.Standard => new StageStrengths(Restoration: 0.75f, Retouch: 0.55f, Light: 0.8f),
        Intensity.Polished => new StageStrengths(Restoration: 1f, Retouch: 0.85f, Light: 1f),
        _ => throw new ArgumentOutOfRangeException(nameof(intensity)),
    };

    public static Intensity ParseIntensity(string value) =>
        Enum.TryParse<Intensity>(value, ignoreCase: true, out var intensity) && Enum.IsDefined(intensity)
            ? intensity
            : throw new ArgumentException($"Unknown intensity '{value}': use light, standard or polished.", nameof(value));
}
