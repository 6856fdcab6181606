// OUR OWN straightforward C++ reimplementation of a torchaudio-style CPU CTC forced alignment (full T x S int8
// backpointer matrix, two rolling score rows, scalar inner loop over the reachable-and-can-finish band, ties to
// stay, then advance, then skip). It is NOT ctc-forced-aligner's or torchaudio's source (neither can be downloaded
// here); it only gives a compiled-C++ reference point for the same recurrence on the same input.
//
// Build: g++ -O3 -march=native -std=c++17 -o forced_align_reference forced_align_reference.cpp
// Run:   forced_align_reference INPUT.bin [runs]   (INPUT.bin from `Kiaraoke.Benchmarks --write-viterbi-inputs DIR`)
// Input: int32 frames, int32 columns, int32 targets, int32 blank; float32 log-probs [frames x columns]; int32 targets.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <vector>

struct Path {
  std::vector<int32_t> token_per_frame;  // -1 for blank
  float total;
};

static Path forced_align(const float* log_probs, int frames, int columns, const int32_t* targets, int length, int blank) {
  const int states = 2 * length + 1;
  const float neg_inf = -std::numeric_limits<float>::infinity();
  int repeats = 0;
  for (int i = 1; i < length; ++i) repeats += targets[i] == targets[i - 1];
  const int needed = length + repeats;

  std::vector<int8_t> back(static_cast<size_t>(frames) * states, -1);
  std::vector<float> scores(2 * static_cast<size_t>(states), neg_inf);
  auto label = [&](int s) { return (s & 1) == 0 ? blank : targets[s / 2]; };

  int start = frames - needed > 0 ? 0 : 1;
  int end = states == 1 ? 1 : 2;
  for (int s = start; s < end; ++s) scores[s] = log_probs[label(s)];

  for (int t = 1; t < frames; ++t) {
    if (frames - t <= needed) {
      if ((start & 1) == 1 && start / 2 + 1 < length && targets[start / 2] != targets[start / 2 + 1]) ++start;
      ++start;
    }
    if (t <= needed) {
      if ((end & 1) == 0 && end < 2 * length && targets[end / 2 - 1] != targets[end / 2]) ++end;
      ++end;
    }
    start = std::min(start, states - 1);
    end = std::min(end, states);
    const float* previous = &scores[static_cast<size_t>((t - 1) % 2) * states];
    float* current = &scores[static_cast<size_t>(t % 2) * states];
    const float* row = log_probs + static_cast<size_t>(t) * columns;
    int8_t* back_row = &back[static_cast<size_t>(t) * states];
    std::fill(current, current + states, neg_inf);
    for (int s = start; s < end; ++s) {
      const float stay = previous[s];
      const float advance = s > 0 ? previous[s - 1] : neg_inf;
      const float skip = (s & 1) == 1 && s > 1 && targets[s / 2] != targets[s / 2 - 1] ? previous[s - 2] : neg_inf;
      float best = stay;
      int8_t from = 0;
      if (advance > best) { best = advance; from = 1; }
      if (skip > best) { best = skip; from = 2; }
      current[s] = best + row[label(s)];
      back_row[s] = from;
    }
  }

  const float* last = &scores[static_cast<size_t>((frames - 1) % 2) * states];
  int state = states > 1 && !(last[states - 1] > last[states - 2]) ? states - 2 : states - 1;
  Path path{std::vector<int32_t>(frames), last[state]};
  for (int t = frames - 1; t >= 0; --t) {
    path.token_per_frame[t] = (state & 1) == 1 ? state / 2 : -1;
    if (t > 0) state -= back[static_cast<size_t>(t) * states + state];
  }
  return path;
}

int main(int argc, char** argv) {
  if (argc < 2) { std::fprintf(stderr, "usage: %s INPUT.bin [runs]\n", argv[0]); return 2; }
  const int runs = argc > 2 ? std::atoi(argv[2]) : 31;
  std::FILE* file = std::fopen(argv[1], "rb");
  if (!file) { std::perror(argv[1]); return 1; }
  int32_t header[4];
  if (std::fread(header, sizeof(int32_t), 4, file) != 4) return 1;
  const int frames = header[0], columns = header[1], length = header[2], blank = header[3];
  std::vector<float> log_probs(static_cast<size_t>(frames) * columns);
  std::vector<int32_t> targets(length);
  if (std::fread(log_probs.data(), sizeof(float), log_probs.size(), file) != log_probs.size()) return 1;
  if (std::fread(targets.data(), sizeof(int32_t), targets.size(), file) != targets.size()) return 1;
  std::fclose(file);

  Path path{};
  for (int i = 0; i < 3; ++i) path = forced_align(log_probs.data(), frames, columns, targets.data(), length, blank);
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    const auto begin = std::chrono::steady_clock::now();
    path = forced_align(log_probs.data(), frames, columns, targets.data(), length, blank);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - begin).count());
  }
  std::sort(ms.begin(), ms.end());
  uint64_t checksum = 0;  // wraps like the C# side's unchecked long
  for (int t = 0; t < frames; ++t) checksum = checksum * 31 + static_cast<uint64_t>(static_cast<int64_t>(path.token_per_frame[t]));
  std::printf("%s: T=%d L=%d V=%d runs=%d median %.2f ms min %.2f ms total %.3f path-hash %lld\n", argv[1], frames, length, columns,
              runs, ms[ms.size() / 2], ms.front(), path.total, static_cast<long long>(checksum));
  return 0;
}
