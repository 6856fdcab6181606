using System.Text.Json;

namespace Kiaraoke.Alignment.Ctc;

/// <summary>
/// A CTC model's output vocabulary (vocab.json: token → id). Blank is the <c>&lt;blank&gt;</c> token, never <c>&lt;pad&gt;</c>.
/// The <c>&lt;star&gt;</c> wildcard is one extra emission column whose id equals the number of model outputs.
/// </summary>
public sealed class CtcVocabulary
{
    public const string BlankToken = "<blank>";

    private readonly Dictionary<char, int> _characterIds;

    public CtcVocabulary(IReadOnlyDictionary<string, int> tokenIds)
    {
        if (!tokenIds.TryGetValue(BlankToken, out var blank))
        {
            throw new ModelContractException(
                $"vocab.json has no '{BlankToken}' token. The CTC blank must be named '{BlankToken}' (the '<pad>' token is not a blank).");
        }

        var ids = tokenIds.Values.OrderBy(v => v).ToArray();
        for (var i = 0; i < ids.Length; i++)
        {
            if (ids[i] != i)
            {
                throw new ModelContractException($"vocab.json ids must be 0..{ids.Length - 1} without gaps or duplicates; id {i} is missing or repeated.");
            }
        }

        BlankId = blank;
        Size = ids.Length;
        _characterIds = tokenIds
            .Where(kv => kv.Key.Length == 1 && kv.Value != blank)
            .ToDictionary(kv => kv.Key[0], kv => kv.Value);
    }

    /// <summary>Number of model outputs (logits per frame).</summary>
    public int Size { get; }

    public int BlankId { get; }

    /// <summary>Id of the wildcard column appended after log-softmax.</summary>
    public int StarId => Size;

    /// <summary>Columns of the emission matrix: the model's outputs plus the star.</summary>
    public int EmissionColumns => Size + 1;

    public bool TryGetCharacterId(char c, out int id) => _characterIds.TryGetValue(c, out id);

    public static CtcVocabulary Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ModelContractException($"vocab.json not found at '{path}'.");
        }

        Dictionary<string, int>? map;
        try
        {
            map = JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(path));
        }
        catch (JsonException ex)
        {
            throw new ModelContractException($"'{path}' is not a JSON object of token → id: {ex.Message}");
        }

        return new CtcVocabulary(map ?? throw new ModelContractException($"'{path}' is empty."));
    }
}
