using System.ComponentModel.DataAnnotations;

namespace Kiaraoke.AlignApi.Options;

/// <summary>Which engines run and how Tier 1 judges its own output (section <c>Alignment</c>, KARAOKE_* overrides).</summary>
public sealed class AlignmentOptions
{
    public const string SectionName = "Alignment";

    /// <summary><c>auto</c> (Tier 1 → 2 → 3), <c>ctc</c> / <c>mms_ctc</c> (Tier 1 only), <c>whisper</c> (Tiers 2 → 3). KARAOKE_ALIGNMENT_ENGINE.</summary>
    [Required]
    [RegularExpression("^(auto|ctc|mms_ctc|whisper)$", ErrorMessage = "Alignment:Engine (KARAOKE_ALIGNMENT_ENGINE) must be one of auto, ctc, mms_ctc, whisper.")]
    public string Engine { get; set; } = "auto";

    /// <summary><c>non_commercial</c> or <c>commercial</c>; commercial refuses a non-commercial Tier 1 model. KARAOKE_ALIGNMENT_LICENSE_MODE.</summary>
    [Required]
    [RegularExpression("^(non_commercial|commercial)$", ErrorMessage = "Alignment:LicenseMode (KARAOKE_ALIGNMENT_LICENSE_MODE) must be non_commercial or commercial.")]
    public string LicenseMode { get; set; } = "non_commercial";

    /// <summary>Version tag stored with every cached entry; entries of another version are recomputed. KARAOKE_ALIGNMENT_ENGINE_VERSION.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9._-]{1,32}$", ErrorMessage = "Alignment:EngineVersion (KARAOKE_ALIGNMENT_ENGINE_VERSION) must be 1 to 32 letters, digits, '.', '_' or '-'.")]
    public string EngineVersion { get; set; } = "v2-p1";

    /// <summary>Tier 1 model folder; empty = the embedded model. KARAOKE_MODEL_DIR (or the CLI's KIARAOKE_MODEL_DIR).</summary>
    public string? ModelDir { get; set; }

    /// <summary>The model shipped with the service, used when none is configured or the configured one is refused.</summary>
    [Required]
    public string EmbeddedModelDir { get; set; } = "models/kiaraoke-ctc-v3";

    /// <summary>
    /// The licence-clean model used when KARAOKE_ALIGNMENT_LICENSE_MODE=commercial refuses the configured and the
    /// embedded model (their cards say non-commercial). KARAOKE_COMMERCIAL_MODEL_DIR.
    /// </summary>
    [Required]
    public string CommercialModelDir { get; set; } = "models/kiaraoke-ctc-v2";

    /// <summary><c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>. CTC_ALIGN_DEVICE.</summary>
    [Required]
    [RegularExpression("^(cpu|cuda(:[0-9]{1,2})?)$", ErrorMessage = "Alignment:Device (CTC_ALIGN_DEVICE) must be cpu, cuda or cuda:N.")]
    public string Device { get; set; } = "cpu";

    /// <summary>ONNX Runtime threads per inference; 0 = cores divided by the inference limit. KARAOKE_ONNX_THREADS.</summary>
    [Range(0, 256)]
    public int IntraOpThreads { get; set; }

    /// <summary>Lyrics shorter than this (characters, spaces excluded) skip Tier 1 in auto mode.</summary>
    [Range(0, 10_000)]
    public int MinLyricsCharactersForCtc { get; set; } = 20;

    /// <summary>KARAOKE_CTC_MIN_CONFIDENCE_AVG.</summary>
    [Range(0.0, 1.0)]
    public double MinConfidenceAverage { get; set; } = 0.45;

    /// <summary>KARAOKE_CTC_MAX_LOW_CONF_RATIO.</summary>
    [Range(0.0, 1.0)]
    public double MaxLowConfidenceRatio { get; set; } = 0.35;

    /// <summary>KARAOKE_CTC_MIN_DECOY_MARGIN: how much better than a shuffle of themselves the lyrics must fit (0 turns it off).</summary>
    [Range(0.0, 1.0)]
    public double MinDecoyMargin { get; set; } = Kiaraoke.Alignment.Quality.QualityGate.DefaultMinDecoyMargin;

    /// <summary>KARAOKE_ONSET_REFINE.</summary>
    public bool OnsetRefinement { get; set; }

    /// <summary>Per-tier wall-clock limits (KARAOKE_TIER1_TIMEOUT_SECONDS …).</summary>
    [Range(1, 3600)]
    public int Tier1TimeoutSeconds { get; set; } = 300;

    [Range(1, 3600)]
    public int Tier2TimeoutSeconds { get; set; } = 120;

    [Range(1, 3600)]
    public int Tier3TimeoutSeconds { get; set; } = 120;

    public bool IsCommercial => LicenseMode == "commercial";
}
