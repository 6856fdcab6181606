using Microsoft.Extensions.Options;

namespace Kiaraoke.AlignApi.Fallbacks;

// Source-generated checks of the [Range]/[Required] attributes, run at start-up (ValidateOnStart).

[OptionsValidator]
internal sealed partial class SharedWhisperOptionsValidator : IValidateOptions<SharedWhisperOptions>;

[OptionsValidator]
internal sealed partial class GroqWhisperOptionsValidator : IValidateOptions<GroqWhisperOptions>;

[OptionsValidator]
internal sealed partial class LrcLibOptionsValidator : IValidateOptions<LrcLibOptions>;

[OptionsValidator]
internal sealed partial class WhisperFallbackOptionsValidator : IValidateOptions<WhisperFallbackOptions>;
