using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Kiaraoke.Alignment.Ctc;

namespace Kiaraoke.Alignment.Acoustic;

/// <summary>
/// A model folder: <c>model.onnx</c>, <c>vocab.json</c> and optionally <c>MODEL_CARD.md</c>. Identity (folder name and
/// content hash) goes into cache keys and results so a changed model never serves stale timings.
/// </summary>
public sealed partial record AcousticModelDescriptor(string Directory, string Id, string Sha256, ModelLicense License)
{
    public const string ModelFileName = "model.onnx";
    public const string VocabFileName = "vocab.json";
    public const string CardFileName = "MODEL_CARD.md";

    public string ModelPath => Path.Combine(Directory, ModelFileName);

    public string VocabPath => Path.Combine(Directory, VocabFileName);

    /// <summary>Short form of the hash for versions and logs.</summary>
    public string Revision => Sha256[..12];

    [GeneratedRegex(@"^\s*licen[cs]e\s*:\s*(?<value>.+?)\s*$", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex LicenseLine();

    public static AcousticModelDescriptor FromDirectory(string directory)
    {
        var full = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(full))
        {
            throw new ModelContractException($"Model directory not found: '{full}'.");
        }

        var model = Path.Combine(full, ModelFileName);
        if (!File.Exists(model))
        {
            throw new ModelContractException($"No {ModelFileName} in model directory '{full}'.");
        }

        string hash;
        using (var stream = File.OpenRead(model))
        {
            hash = Convert.ToHexStringLower(SHA256.HashData(stream));
        }

        var card = Path.Combine(full, CardFileName);
        var license = File.Exists(card) ? ReadLicense(File.ReadAllText(card)) : ModelLicense.Unknown;
        return new AcousticModelDescriptor(full, Path.GetFileName(full.TrimEnd(Path.DirectorySeparatorChar)), hash, license);
    }

    /// <summary>Reads the card's <c>license:</c> line; any mention of a non-commercial licence wins.</summary>
    internal static ModelLicense ReadLicense(string card)
    {
        var match = LicenseLine().Match(card);
        var value = match.Success ? match.Groups["value"].Value : string.Empty;
        if (IsNonCommercial(value) || (!match.Success && IsNonCommercial(card)))
        {
            return ModelLicense.NonCommercial;
        }

        return match.Success ? ModelLicense.CommercialUse : ModelLicense.Unknown;
    }

    private static bool IsNonCommercial(string text) =>
        text.Contains("non-commercial", StringComparison.OrdinalIgnoreCase)
        || text.Contains("noncommercial", StringComparison.OrdinalIgnoreCase)
        || text.Contains("non_commercial", StringComparison.OrdinalIgnoreCase)
        || Regex.IsMatch(text, @"CC[- ]?BY[- ]?(SA[- ]?)?NC", RegexOptions.IgnoreCase);
}
