// The C++ baseline of `npm run bench:tally` (tests/bench/tally.ts): the same Schulze count as
// app/domain/voting/schulze.ts (unranked options below the ranked ones, winning votes), written
// the plain tight way, on the same ballots. tally.ts compiles it with `g++ -O2` and runs it.
//
// Input (little-endian), the encoded profile the JavaScript count reads:
//   u32 options, u32 stored ballots (size), u32 cells,
//   f64 weights[size], u32 starts[size + 1], u16 cells[cells]
// A cell is an option index; bit 0x8000 marks an option at the same rank as the previous cell.
// Output: one line "median_ms best_ms winners", winners being option indexes joined by commas.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

struct Profile {
  uint32_t n = 0, size = 0, cellCount = 0;
  std::vector<double> weights;
  std::vector<uint32_t> starts;
  std::vector<uint16_t> cells;
};

static bool readAll(FILE* f, void* to, size_t bytes) { return fread(to, 1, bytes, f) == bytes; }

static Profile load(const char* path) {
  Profile p;
  FILE* f = fopen(path, "rb");
  if (!f) { perror(path); exit(2); }
  uint32_t head[3];
  if (!readAll(f, head, sizeof head)) { fprintf(stderr, "short header\n"); exit(2); }
  p.n = head[0]; p.size = head[1]; p.cellCount = head[2];
  p.weights.resize(p.size);
  p.starts.resize(p.size + 1);
  p.cells.resize(p.cellCount);
  if (!readAll(f, p.weights.data(), p.size * sizeof(double)) ||
      !readAll(f, p.starts.data(), (p.size + 1) * sizeof(uint32_t)) ||
      !readAll(f, p.cells.data(), p.cellCount * sizeof(uint16_t))) {
    fprintf(stderr, "short file\n");
    exit(2);
  }
  fclose(f);
  return p;
}

// Pairwise matrix and widest paths; returns the potential winners.
static std::vector<int> count(const Profile& p) {
  const int n = (int)p.n;
  std::vector<int64_t> below(n * n, 0), level(n * n, 0), ranked(n, 0), d(n * n, 0), paths(n * n, 0);
  std::vector<int> option(n);
  for (uint32_t b = 0; b < p.size; b++) {
    const int64_t w = (int64_t)p.weights[b];
    const uint16_t* cells = p.cells.data() + p.starts[b];
    const int length = (int)(p.starts[b + 1] - p.starts[b]);
    int group = 0;
    for (int j = 0; j < length; j++) {
      const int oj = cells[j] & 0x7fff;
      if (!(cells[j] & 0x8000)) group = j;
      option[j] = oj;
      ranked[oj] += w;
      int64_t* row = below.data() + oj * n;
      for (int k = 0; k < group; k++) row[option[k]] += w;
      for (int k = group; k < j; k++) {
        level[oj * n + option[k]] += w;
        level[option[k] * n + oj] += w;
      }
    }
  }
  // d[a][b] = ballots ranking a that neither rank b above a nor level with it.
  for (int a = 0; a < n; a++)
    for (int b = 0; b < n; b++)
      if (a != b) d[a * n + b] = ranked[a] - below[a * n + b] - level[a * n + b];
  for (int a = 0; a < n; a++)
    for (int b = 0; b < n; b++)
      if (a != b && d[a * n + b] > d[b * n + a]) paths[a * n + b] = d[a * n + b];
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) {
      if (j == i || paths[j * n + i] == 0) continue;
      const int64_t ji = paths[j * n + i];
      for (int k = 0; k < n; k++) {
        if (k == i || k == j) continue;
        const int64_t via = std::min(ji, paths[i * n + k]);
        if (via > paths[j * n + k]) paths[j * n + k] = via;
      }
    }
  std::vector<int> winners;
  for (int x = 0; x < n; x++) {
    bool beaten = false;
    for (int y = 0; y < n && !beaten; y++) beaten = paths[y * n + x] > paths[x * n + y];
    if (!beaten) winners.push_back(x);
  }
  return winners;
}

int main(int argc, char** argv) {
  if (argc < 3) { fprintf(stderr, "usage: schulze <profile.bin> <runs>\n"); return 2; }
  const Profile p = load(argv[1]);
  const int runs = atoi(argv[2]);
  std::vector<int> winners = count(p);  // warm-up
  std::vector<double> times;
  for (int r = 0; r < runs; r++) {
    const auto start = std::chrono::steady_clock::now();
    winners = count(p);
    const auto stop = std::chrono::steady_clock::now();
    times.push_back(std::chrono::duration<double, std::milli>(stop - start).count());
  }
  std::sort(times.begin(), times.end());
  printf("%.3f %.3f ", times[times.size() / 2], times[0]);
  for (size_t i = 0; i < winners.size(); i++) printf(i ? ",%d" : "%d", winners[i]);
  printf("\n");
  return 0;
}
