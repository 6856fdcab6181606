namespace Kiaraoke.Alignment.Ctc;

/// <summary>An acoustic model or its vocabulary does not honour the CTC contract (names, vocabulary, frame geometry).</summary>
public sealed class ModelContractException(string message, Exception? inner = null) : Exception(message, inner);
