"""gongkai (公开): read, check, write and keep the records of China's
政府信息公开工作年度报告 (government information disclosure annual reports)."""

__version__ = "0.1.0"
