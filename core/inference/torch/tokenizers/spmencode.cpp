// The segmentation algorithms of SentencePiece, written to give exactly its results (libsentencepiece
// 0.1.97 is the reference of tst_sentencepiece): same tie-breaking, same float arithmetic.

#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/tokenizers/spmmodel.h"

#include <algorithm>
#include <cstdio>
#include <queue>
#include <unordered_map>

namespace dragoman::torchrt::spm {

int ModelData::pieceToId(std::string_view piece) const {
  if (const auto it = reserved.find(piece); it != reserved.end())
    return it->second;
  const int id = vocabulary.find(piece);
  return id >= 0 ? id : unkId;
}

namespace {

constexpr float kUnknownPenalty = 10.0f;

} // namespace

std::vector<Segment> encodeUnigram(const ModelData &model, std::string_view normalized) {
  // Viterbi over byte positions: the best path ending at each position, extended by every piece
  // that starts there. A character no one-character piece covers gets an unknown node. The sums
  // are double where SentencePiece's are (the score of a piece plus a float path score) and stored
  // as float; an earlier candidate wins a tie.
  struct Best {
    int id = -1;
    float score = 0.0f;
    std::ptrdiff_t startsAt = -1;
  };
  if (normalized.empty())
    return {};
  const std::size_t size = normalized.size();
  const float unknownScore = model.minScore - kUnknownPenalty;
  std::vector<Best> best(size + 1);
  for (std::size_t start = 0; start < size;) {
    const std::string_view rest = normalized.substr(start);
    const float scoreHere = best[start].score;
    const std::size_t charLength = oneCharLength(rest);
    bool hasSingleChar = false;
    model.vocabulary.forEachPrefix(rest, [&](std::size_t length, int id) {
      const Piece &piece = model.pieces[static_cast<std::size_t>(id)];
      if (piece.type == PieceType::Unused)
        return;
      // A user-defined piece gets a bonus so that it always wins.
      const double score = piece.type == PieceType::UserDefined
                               ? static_cast<double>(static_cast<float>(length) * model.maxScore) - 0.1
                               : static_cast<double>(piece.score);
      const double candidate = score + static_cast<double>(scoreHere);
      Best &target = best[start + length];
      if (target.startsAt == -1 || candidate > static_cast<double>(target.score)) {
        target.score = static_cast<float>(candidate);
        target.startsAt = static_cast<std::ptrdiff_t>(start);
        target.id = id;
      }
      if (length == charLength)
        hasSingleChar = true;
    });
    if (!hasSingleChar) {
      Best &target = best[start + charLength];
      const float candidate = unknownScore + scoreHere;
      if (target.startsAt == -1 || candidate > target.score) {
        target.score = candidate;
        target.startsAt = static_cast<std::ptrdiff_t>(start);
        target.id = model.unkId;
      }
    }
    start += charLength;
  }

  std::vector<Segment> out;
  for (std::size_t end = size; end > 0;) {
    const Best &node = best[end];
    if (node.startsAt < 0)
      throw ModelError(ErrorCode::Input, "SentencePiece cannot segment the text (a piece ends inside a character)");
    const auto start = static_cast<std::size_t>(node.startsAt);
    out.push_back({normalized.substr(start, end - start), node.id});
    end = start;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

std::vector<Segment> encodeBpe(const ModelData &model, std::string_view normalized) {
  struct Symbol {
    int prev = -1;
    int next = -1;
    bool frozen = false; // a user-defined piece: never merged
    std::string_view text;
  };
  struct Candidate {
    int left = 0;
    int right = 0;
    float score = 0.0f;
    std::size_t size = 0;
  };
  // The best merge on top: the highest score, then the leftmost.
  const auto lowerPriority = [](const Candidate &a, const Candidate &b) {
    return a.score < b.score || (a.score == b.score && a.left > b.left);
  };
  std::priority_queue<Candidate, std::vector<Candidate>, decltype(lowerPriority)> agenda(lowerPriority);
  std::vector<Symbol> symbols;
  // An unused piece made by a merge is split back into the two symbols it was made of (the last
  // pair seen to make it).
  std::unordered_map<std::string_view, std::pair<std::string_view, std::string_view>> unmerge;

  for (std::string_view rest = normalized; !rest.empty();) {
    Symbol symbol;
    std::size_t length = model.userDefined.longestPrefix(rest);
    symbol.frozen = length > 0;
    if (length == 0)
      length = oneCharLength(rest);
    symbol.text = rest.substr(0, length);
    const int index = static_cast<int>(symbols.size());
    symbol.prev = index - 1;
    rest.remove_prefix(length);
    symbol.next = rest.empty() ? -1 : index + 1;
    symbols.push_back(symbol);
  }

  const auto consider = [&](int left, int right) {
    if (left == -1 || right == -1 || symbols[left].frozen || symbols[right].frozen)
      return;
    const std::string_view merged(symbols[left].text.data(), symbols[left].text.size() + symbols[right].text.size());
    const int id = model.vocabulary.find(merged);
    if (id < 0)
      return;
    const Piece &piece = model.pieces[static_cast<std::size_t>(id)];
    agenda.push({left, right, piece.score, merged.size()});
    if (piece.type == PieceType::Unused)
      unmerge[merged] = {symbols[left].text, symbols[right].text};
  };
  for (std::size_t i = 1; i < symbols.size(); ++i)
    consider(static_cast<int>(i) - 1, static_cast<int>(i));

  while (!agenda.empty()) {
    const Candidate top = agenda.top();
    agenda.pop();
    Symbol &left = symbols[top.left];
    Symbol &right = symbols[top.right];
    // Stale: one side was merged away or grew since the candidate was found.
    if (left.text.empty() || right.text.empty() || left.text.size() + right.text.size() != top.size)
      continue;
    left.text = std::string_view(left.text.data(), top.size);
    left.next = right.next;
    if (right.next >= 0)
      symbols[right.next].prev = top.left;
    right.text = std::string_view();
    consider(left.prev, top.left);
    consider(top.left, left.next);
  }

  std::vector<Segment> out;
  const auto emit = [&](const auto &self, std::string_view text) -> void {
    const int id = model.pieceToId(text);
    if (model.is(id, PieceType::Unused)) {
      if (const auto it = unmerge.find(text); it != unmerge.end()) {
        self(self, it->second.first);
        self(self, it->second.second);
        return;
      }
    }
    out.push_back({text, id});
  };
  for (int index = symbols.empty() ? -1 : 0; index != -1; index = symbols[index].next)
    emit(emit, symbols[index].text);
  return out;
}

std::vector<std::string> finishPieces(const ModelData &model, const std::vector<Segment> &segments) {
  std::vector<std::string> out;
  bool previousUnknown = false;
  for (const Segment &segment : segments) {
    const bool unknown = model.is(segment.id, PieceType::Unknown);
    if (model.is(segment.id, PieceType::Control))
      // SentencePiece gives a control piece no surface and then fails: not all the text is consumed.
      throw ModelError(ErrorCode::Input, "SentencePiece cannot encode the text: the character sequence \"" +
                                             std::string(segment.text) + "\" is a control piece");
    if (unknown && model.trainer.byteFallback) {
      for (const char c : segment.text) {
        char piece[8];
        std::snprintf(piece, sizeof piece, "<0x%02X>", static_cast<unsigned>(static_cast<unsigned char>(c)));
        out.emplace_back(piece);
      }
    } else if (unknown && previousUnknown) {
      out.back().append(segment.text);
    } else {
      out.emplace_back(segment.text);
    }
    previousUnknown = unknown;
  }
  return out;
}

} // namespace dragoman::torchrt::spm
