"""NIP (Nomor Induk Pegawai): the 18 digits of a civil servant, checked and grouped.

Layout: birth date (8, YYYYMMDD), appointment year and month (6, YYYYMM), gender (1: 1
male, 2 female), sequence (3). Printed grouped 8-6-1-3: "19720315 199803 2 004".
"""

from __future__ import annotations

import datetime as dt


def nip_problem(nip: str) -> str | None:
    """Why these digits are not a NIP, in Indonesian; None when they are one."""
    if not (nip.isascii() and nip.isdigit()) or len(nip) != 18:
        return f'NIP harus 18 angka, tertulis "{nip}" ({len(nip)} karakter)'
    try:
        birth = dt.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        return f"NIP: 8 angka pertama ({nip[0:8]}) bukan tanggal lahir yang ada"
    year, month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= month <= 12:
        return f"NIP: angka 9-14 ({nip[8:14]}) bukan tahun dan bulan pengangkatan yang ada"
    if (year, month) <= (birth.year, birth.month) or year < 1945:
        return f"NIP: tahun pengangkatan {year} tidak mungkin untuk kelahiran {birth.year}"
    if nip[14] not in "12":
        return f"NIP: angka ke-15 (jenis kelamin) harus 1 atau 2, bukan {nip[14]}"
    return None


def format_nip(nip: str) -> str:
    """'19720315 199803 2 004'."""
    return f"{nip[0:8]} {nip[8:14]} {nip[14]} {nip[15:18]}"
