"""`encmap-embed MODEL... --out DIR`: the command line."""

import argparse
import os
import sys
from typing import List, Optional

from . import __version__, backends, core, fetch, ids, sentences
from .errors import EmbedError, UsageError

DESCRIPTION = """Embeds a sentence set with each MODEL (a Hugging Face id or a local model folder) and writes,
per model, DIR/<org>__<name>.npy (float32, shape (n, d)), DIR/<org>__<name>.embed.json (how it was
made) and a row of the attributes CSV (model_type, n_parameters, embed_dim, languages, pipeline_tag,
base_model, license) for encmap's map. The sentence file must be the canonical set
(experiments/data/sentences/en-pd-10000.txt) or its first lines, unless --any-sentences."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line first, then the usage; exit 2 (encmap's convention)
        raise UsageError(message)


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"needs a whole number ≥ 1, got '{text}'") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"needs a whole number ≥ 1, got '{text}'")
    return value


def parser() -> Parser:
    p = Parser(prog="encmap-embed", description=DESCRIPTION)
    p.add_argument("models", nargs="+", metavar="MODEL", help="Hugging Face id (org/name) or local model folder")
    p.add_argument("--sentences", required=True, metavar="FILE", help="one sentence per line")
    p.add_argument("--n", type=positive, metavar="N", help="embed only the first N sentences (default: all)")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder (created when missing)")
    p.add_argument("--attributes", metavar="CSV", help="attributes table to add rows to (default DIR/attributes.csv)")
    p.add_argument("--backend", choices=["sentence-transformers", "onnx"],
                   help="default: sentence-transformers when installed, else onnx")
    p.add_argument("--batch-size", type=positive, default=32, metavar="B", help="sentences per batch (default 32)")
    p.add_argument("--device", choices=["cpu", "cuda"], default="cpu", help="default cpu")
    p.add_argument("--prompt", metavar="NAME", help="a prompt of the model's config_sentence_transformers.json "
                   "(instruction-tuned encoders need one; default none)")
    p.add_argument("--pooling", choices=list(backends.pool_mod.MODES),
                   help="onnx: pooling when the folder has no 1_Pooling/config.json")
    p.add_argument("--normalize", action="store_true", help="onnx: L2-normalise (when the folder does not say)")
    p.add_argument("--max-length", type=positive, metavar="T", help="truncate at T tokens (default: the model's)")
    p.add_argument("--onnx-file", metavar="PATH", help="onnx: the graph inside the folder (default model.onnx, onnx/model.onnx or the only *.onnx)")
    p.add_argument("--onnx-output", metavar="NAME", help="onnx: the graph output to use (default: token states)")
    p.add_argument("--id", dest="encoder_id", metavar="ID", help="the encoder id, when one MODEL is given "
                   "(default: the hub id, or the local folder's name)")
    p.add_argument("--revision", metavar="REV", help="hub revision (branch, tag or commit)")
    p.add_argument("--any-sentences", action="store_true", help="accept a sentence file that is not the canonical set")
    p.add_argument("--overwrite", action="store_true", help="replace existing outputs of the same encoder id")
    p.add_argument("--version", action="version", version=f"encmap-embed {__version__}")
    return p


def main(argv: Optional[List[str]] = None, make_backend=backends.make, fetcher=fetch.fetch) -> int:
    p = parser()
    try:
        args = p.parse_args(argv)
        if args.encoder_id is not None and len(args.models) != 1:
            raise UsageError("--id names one encoder; give one MODEL with it")
        backend = args.backend or backends.default_backend()
        if backend == "sentence-transformers" and (args.pooling or args.normalize or args.onnx_file or args.onnx_output):
            raise UsageError("--pooling, --normalize, --onnx-file and --onnx-output are for --backend onnx")
    except UsageError as e:
        print(f"encmap-embed: {e}", file=sys.stderr)
        p.print_usage(sys.stderr)
        return 2
    try:
        sset = sentences.load(args.sentences, args.n, args.any_sentences)
        refs = [ids.resolve(m, args.encoder_id, args.revision) for m in args.models]
        seen = {}
        for r in refs:
            k = ids.key(r.encoder_id)
            if k in seen:
                raise EmbedError(r.argument, f"names the same encoder as '{seen[k]}' (ids match with '/' as '__', "
                                 "case ignored)", "give each model once")
            seen[k] = r.argument
        if os.path.exists(args.out) and not os.path.isdir(args.out):
            raise EmbedError(args.out, "is a file, not a folder", "give an output folder with --out")
        if args.attributes:
            parent = os.path.dirname(os.path.abspath(args.attributes))
            if not os.path.isdir(parent):
                raise EmbedError(args.attributes, "its folder does not exist", "create it, or give another --attributes")
    except EmbedError as e:
        print(f"encmap-embed: {e}", file=sys.stderr)
        return 1
    job = core.Job(out_dir=args.out, attributes_path=args.attributes or os.path.join(args.out, "attributes.csv"),
                   backend=backend,
                   options=backends.Options(batch_size=args.batch_size, device=args.device, pooling=args.pooling,
                                            normalize=args.normalize, prompt=args.prompt, max_length=args.max_length,
                                            onnx_file=args.onnx_file, onnx_output=args.onnx_output),
                   overwrite=args.overwrite)
    if sset.canonical is None:
        backends.log(f"{args.sentences}: not the canonical sentence set (--any-sentences); "
                     "its embeddings are comparable only with encoders embedded on the same file")
    outcomes = []
    for i, ref in enumerate(refs, 1):
        label = f"[{i}/{len(refs)}] {ref.encoder_id}"
        outcome = core.run_one(ref, sset, job, make_backend, label, fetcher)
        if not outcome.ok:
            backends.log(outcome.message)
        outcomes.append(outcome)
    failed = sum(1 for o in outcomes if not o.ok)
    for o in outcomes:
        status = "ok    " if o.ok else "FAILED"
        print(f"encmap-embed: {status} {o.ref.encoder_id} ({o.seconds:.1f} s): {o.message}", file=sys.stderr)
    if failed:
        print(f"encmap-embed: {failed} of {len(outcomes)} models failed", file=sys.stderr)
    return 1 if failed else 0
