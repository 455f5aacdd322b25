"""PortOne Desk: 상담원용 PortOne V1 백오피스."""

__version__ = "0.1.0"
