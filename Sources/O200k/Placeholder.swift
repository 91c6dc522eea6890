import Digest
