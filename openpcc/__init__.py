"""OpenPCC: the governance system of record and transparency site for PCCs and panels."""
