"""Time and peak memory of taking one featured-image upload, each in a fresh process.

Usage: python bench/image_upload.py
Cases: the 40-megapixel RGBA PNG bomb of issue 12 (~165 KB), the largest PNG
allowed, a 24-megapixel JPEG photo, a 10000x3 strip and a truncated PNG. Prints
seconds, peak RSS and the outcome (stored, or the form error).
"""

import io
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def make(case: str) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    if case == "bomb":
        Image.new("RGBA", (8000, 5000), (10, 120, 200, 128)).save(buffer, "PNG")
    elif case == "photo":
        noise = Image.frombytes("RGB", (1500, 1000), os.urandom(1500 * 1000 * 3))
        noise.resize((6000, 4000)).save(buffer, "JPEG", quality=75)
    elif case == "largest":  # about the most a PNG may decode to: 48 MB of RGBA
        Image.new("RGBA", (3540, 3540), (10, 120, 200, 128)).save(buffer, "PNG")
    elif case == "strip":
        Image.new("RGB", (10000, 3), (10, 120, 200)).save(buffer, "PNG")
    else:
        noise = Image.frombytes("RGB", (800, 600), os.urandom(800 * 600 * 3))
        noise.save(buffer, "PNG")
        return buffer.getvalue()[: len(buffer.getvalue()) // 2]
    return buffer.getvalue()


def peak_rss_mb() -> float:
    """This process's peak RSS; VmHWM, since ru_maxrss survives exec (Linux)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def take(case: str, path: str) -> None:
    """One upload through the library's validator and re-encode, as admin does."""
    os.environ["MEDIA_ROOT"] = tempfile.mkdtemp()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import common  # noqa: F401  sets Django up
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from library.images import store_image, validate_library_image
    from library.models import Image

    data = Path(path).read_bytes()
    began = time.perf_counter()
    upload = SimpleUploadedFile(f"{case}.upload", data)
    image = Image(alt_text=case, file=upload)
    try:
        validate_library_image(image.file)
        store_image(image)
        outcome = f"stored {sorted(image.renditions, key=str)}"
    except ValidationError as error:
        outcome = f"form error: {' '.join(error.messages)}"
    except Exception as error:  # noqa: BLE001  what a 500 would have been
        outcome = f"500: {type(error).__name__}: {error}"
    took = time.perf_counter() - began
    peak = peak_rss_mb()
    size = len(data) / 1024
    print(f"{case:9} {size:8.0f} KB {took:6.2f} s {peak:6.0f} MB  {outcome}")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        take(*sys.argv[1:])
    else:
        print("case     upload     time  peak RSS (whole process, Django included)")
        with tempfile.TemporaryDirectory() as folder:
            for name in ("bomb", "largest", "photo", "strip", "truncated"):
                path = Path(folder) / name
                path.write_bytes(make(name))  # made here: its memory is not counted
                subprocess.run([sys.executable, __file__, name, path], check=False)
